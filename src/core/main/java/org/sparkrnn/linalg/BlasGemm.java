package org.sparkrnn.linalg;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Products through dev.ludovic.netlib (native OpenBLAS over JNI when the system has one, else
 * pure Java on the Vector API). BLAS is column-major: the row-major C = op(A)·op(B) is the
 * column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, so the operands are passed swapped and nothing is copied.
 */
public final class BlasGemm implements Gemm {
  private final BLAS blas;

  public BlasGemm() {
    this(NetlibBlas.instance());
  }

  BlasGemm(BLAS blas) {
    this.blas = blas;
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Ejml.scale(beta, m, n, c, cOff, ldc);
      return;
    }
    blas.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
        b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
  }

  @Override
  public String name() {
    return "blas:" + blas.getClass().getSimpleName();
  }
}
