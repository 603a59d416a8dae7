package org.sparkrnn.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Products through EJML's {@code CommonOps_DDRM}: the reference backend. EJML matrices start at
 * offset 0 with no leading dimension, so operands are copied into reused scratch matrices; this
 * backend is for checking the fast one, not for speed. Not thread-safe (one per network).
 */
public final class Ejml implements Gemm {
  private final DMatrixRMaj sa = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj sb = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj sc = new DMatrixRMaj(1, 1);

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    load(sa, a, aOff, lda, transA ? k : m, transA ? m : k);
    load(sb, b, bOff, ldb, transB ? n : k, transB ? k : n);
    sc.reshape(m, n);
    if (k == 0) {
      sc.zero();
    } else if (transA && transB) {
      CommonOps_DDRM.multTransAB(alpha, sa, sb, sc);
    } else if (transA) {
      CommonOps_DDRM.multTransA(alpha, sa, sb, sc);
    } else if (transB) {
      CommonOps_DDRM.multTransB(alpha, sa, sb, sc);
    } else {
      CommonOps_DDRM.mult(alpha, sa, sb, sc);
    }
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        double prev = beta == 0 ? 0 : beta * c[row + j];
        c[row + j] = prev + sc.data[i * n + j];
      }
    }
  }

  @Override
  public String name() {
    return "ejml";
  }

  private static void load(DMatrixRMaj dst, double[] src, int off, int ld, int rows, int cols) {
    dst.reshape(rows, cols);
    for (int i = 0; i < rows; i++) {
      System.arraycopy(src, off + i * ld, dst.data, i * cols, cols);
    }
  }

  /** C = beta·C on a row-major block (beta = 0 clears it, NaN included). */
  static void scale(double beta, int m, int n, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int p = cOff + i * ldc + j;
        c[p] = beta == 0 ? 0 : beta * c[p];
      }
    }
  }
}
