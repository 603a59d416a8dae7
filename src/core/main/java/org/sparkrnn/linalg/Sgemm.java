package org.sparkrnn.linalg;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Single-precision products on float arrays the caller owns (BLAS sgemm), with the addressing of
 * {@link Gemm}: row-major (array, offset, leading dimension), C[m×n] = alpha·op(A)·op(B) + beta·C.
 * Nothing is converted or copied: the row-major product is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ.
 */
public final class Sgemm {
  private final BLAS blas;

  public Sgemm() {
    this.blas = NetlibBlas.instance();
  }

  public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          c[cOff + i * ldc + j] = beta == 0 ? 0 : beta * c[cOff + i * ldc + j];
        }
      }
      return;
    }
    blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
        b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
  }

  /** "sgemm:JNIBLAS" or the pure-Java fallback's name. */
  public String name() {
    return "sgemm:" + blas.getClass().getSimpleName();
  }
}
