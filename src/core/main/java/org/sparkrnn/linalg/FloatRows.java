package org.sparkrnn.linalg;

/** The float twins of {@link Rows}, for the single-precision network. */
public final class FloatRows {
  private FloatRows() {}

  /** Every row r of the rows×cols block at {@code off}: row += v[vOff .. vOff+cols). */
  public static void addVector(float[] m, int off, int rows, int cols, float[] v, int vOff) {
    for (int r = 0; r < rows; r++) {
      int p = off + r * cols;
      for (int j = 0; j < cols; j++) {
        m[p + j] += v[vOff + j];
      }
    }
  }

  /** Every row of the rows×cols block at {@code off}: row = v[vOff ..) (a broadcast copy). */
  public static void setVector(float[] m, int off, int rows, int cols, float[] v, int vOff) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(v, vOff, m, off + r * cols, cols);
    }
  }

  /** acc[accOff + j] += Σ_r m[off + r·ld + j], for j < cols. */
  public static void addColumnSums(float[] m, int off, int rows, int cols, int ld,
      float[] acc, int accOff) {
    for (int r = 0; r < rows; r++) {
      int p = off + r * ld;
      for (int j = 0; j < cols; j++) {
        acc[accOff + j] += m[p + j];
      }
    }
  }

  /** dst[dOff + i] += src[sOff + i] for i < n. */
  public static void add(float[] src, int sOff, float[] dst, int dOff, int n) {
    for (int i = 0; i < n; i++) {
      dst[dOff + i] += src[sOff + i];
    }
  }

  /** Grows a work buffer to at least n values; keeps the old one when it is large enough. */
  public static float[] ensure(float[] buf, int n) {
    return buf != null && buf.length >= n ? buf : new float[n];
  }

  /** dst[0..n) = (float) src[off..off+n): grown when too small. */
  public static float[] toFloat(double[] src, int off, int n, float[] dst) {
    float[] out = ensure(dst, n);
    for (int i = 0; i < n; i++) {
      out[i] = (float) src[off + i];
    }
    return out;
  }

  /** A double copy of src[off..off+n). */
  public static double[] toDouble(float[] src, int off, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = src[off + i];
    }
    return out;
  }
}
