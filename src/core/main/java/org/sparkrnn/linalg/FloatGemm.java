package org.sparkrnn.linalg;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Products in single precision (sgemm) for double operands: the operands are rounded to float,
 * multiplied, and the product is added into the double C as {@code alpha·P + beta·C}. Everything
 * around the products (activations, losses, gradient sums, optimizer) stays double.
 *
 * <p>The parameter array named by {@link #bindConstant} is converted once per pass and used in
 * place at its offsets; any other operand (activations, their gradients) is converted into reused
 * scratch for each product. Not thread-safe (one per network).
 */
public final class FloatGemm implements Gemm {
  private final BLAS blas;
  private double[] bound;
  private float[] boundF = new float[0];
  private float[] sa = new float[0];
  private float[] sb = new float[0];
  private float[] sc = new float[0];

  public FloatGemm() {
    this(NetlibBlas.instance());
  }

  FloatGemm(BLAS blas) {
    this.blas = blas;
  }

  @Override
  public void bindConstant(double[] array) {
    bound = array;
    if (boundF.length < array.length) {
      boundF = new float[array.length];
    }
    for (int i = 0; i < array.length; i++) {
      boundF[i] = (float) array[i];
    }
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
    Operand fa = a == bound ? new Operand(boundF, aOff, lda)
        : new Operand(sa = load(sa, a, aOff, lda, transA ? k : m, transA ? m : k), 0, transA ? m : k);
    Operand fb = b == bound ? new Operand(boundF, bOff, ldb)
        : new Operand(sb = load(sb, b, bOff, ldb, transB ? n : k, transB ? k : n), 0, transB ? k : n);
    if (sc.length < m * n) {
      sc = new float[m * n];
    }
    // row-major P = op(A)·op(B) is column-major Pᵀ = op(B)ᵀ·op(A)ᵀ: operands swapped, no copy
    blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1f,
        fb.data, fb.off, fb.ld, fa.data, fa.off, fa.ld, 0f, sc, 0, n);
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        double prev = beta == 0 ? 0 : beta * c[row + j];
        c[row + j] = prev + alpha * sc[i * n + j];
      }
    }
  }

  /** A float operand in place: (array, offset, leading dimension). */
  private record Operand(float[] data, int off, int ld) {}

  private static float[] load(float[] dst, double[] src, int off, int ld, int rows, int cols) {
    float[] out = dst.length < rows * cols ? new float[rows * cols] : dst;
    for (int i = 0; i < rows; i++) {
      int from = off + i * ld;
      int to = i * cols;
      for (int j = 0; j < cols; j++) {
        out[to + j] = (float) src[from + j];
      }
    }
    return out;
  }

  @Override
  public String name() {
    return "blas-f32:" + blas.getClass().getSimpleName();
  }
}
