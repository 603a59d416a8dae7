package org.sparkrnn.linalg;

/** Row-wise helpers on row-major blocks that the products leave to plain loops. */
public final class Rows {
  private Rows() {}

  /** Every row r of the rows×cols block at {@code off}: row += v[vOff .. vOff+cols). */
  public static void addVector(double[] m, int off, int rows, int cols, double[] v, int vOff) {
    for (int r = 0; r < rows; r++) {
      int p = off + r * cols;
      for (int j = 0; j < cols; j++) {
        m[p + j] += v[vOff + j];
      }
    }
  }

  /** Every row of the rows×cols block at {@code off}: row = v[vOff ..) (a broadcast copy). */
  public static void setVector(double[] m, int off, int rows, int cols, double[] v, int vOff) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(v, vOff, m, off + r * cols, cols);
    }
  }

  /** acc[accOff + j] += Σ_r m[off + r·ld + j], for j < cols. */
  public static void addColumnSums(double[] m, int off, int rows, int cols, int ld,
      double[] acc, int accOff) {
    for (int r = 0; r < rows; r++) {
      int p = off + r * ld;
      for (int j = 0; j < cols; j++) {
        acc[accOff + j] += m[p + j];
      }
    }
  }

  /** dst[dOff + i] += src[sOff + i] for i < n. */
  public static void add(double[] src, int sOff, double[] dst, int dOff, int n) {
    for (int i = 0; i < n; i++) {
      dst[dOff + i] += src[sOff + i];
    }
  }

  /** Grows a work buffer to at least n values; keeps the old one when it is large enough. */
  public static double[] ensure(double[] buf, int n) {
    return buf != null && buf.length >= n ? buf : new double[n];
  }
}
