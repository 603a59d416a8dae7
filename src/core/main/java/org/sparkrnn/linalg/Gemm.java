package org.sparkrnn.linalg;

/**
 * The one seam for dense products. Row-major operands addressed by (array, offset, leading
 * dimension), so a time step's block of a T·B-row buffer is used in place:
 *
 * <pre>C[m×n] = alpha · op(A) · op(B) + beta · C</pre>
 *
 * op(A) is m×k: A is stored m×k (lda ≥ k) or, with transA, k×m (lda ≥ m); likewise op(B) is k×n.
 * With beta = 0, C is overwritten (its old values, even NaN, are ignored).
 */
public interface Gemm {

  void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc);

  /**
   * Declares that {@code array} (the parameters) will not change until the next call, so a
   * backend may keep a converted copy of it. Networks call this at the start of every pass.
   */
  default void bindConstant(double[] array) {}

  /** A short name for reports ("blas:VectorBLAS", "ejml"). */
  String name();
}
