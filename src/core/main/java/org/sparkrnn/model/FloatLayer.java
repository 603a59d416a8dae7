package org.sparkrnn.model;

import java.util.Arrays;
import java.util.Map;
import org.sparkrnn.linalg.FloatRows;
import org.sparkrnn.linalg.Sgemm;

/**
 * One recurrent layer of the float32 network ({@link FloatNetwork}): {@link RecurrentLayer}'s
 * buffers, products and contract on float arrays. The parameters {@code p} and the gradient
 * {@code g} are float arrays in the model's {@link ParamLayout}. {@code hs} holds (T+1)·B rows of
 * width H, block 0 the initial state. Single-threaded.
 */
abstract class FloatLayer {
  protected final Sgemm gemm;
  protected final int in;
  protected final int h;
  protected final int gh;
  protected final boolean tokenInput;
  protected final int wIh;
  protected final int wHh;
  protected final int bIh;
  protected final int bHh;

  protected int steps;
  protected int batch;
  protected float[] hs;
  /** Token input: W_ihᵀ [in × G·H], so that a token's projection is one contiguous row. */
  private float[] wT;
  private float[] dWt;
  /** b_ih (+ b_hh) of the current pass. */
  private float[] bias;
  /** The column sums of {@link #summed}, the last gradient block summed, of this backward pass. */
  private float[] sums;
  private float[] summed;

  FloatLayer(Sgemm gemm, ParamLayout layout, int index, int in, int h, int gates,
      boolean tokenInput) {
    this.gemm = gemm;
    this.in = in;
    this.h = h;
    this.gh = gates * h;
    this.tokenInput = tokenInput;
    this.wIh = layout.slot(RecurrentLayer.name("weight_ih", index)).offset();
    this.wHh = layout.slot(RecurrentLayer.name("weight_hh", index)).offset();
    this.bIh = layout.slot(RecurrentLayer.name("bias_ih", index)).offset();
    this.bHh = layout.slot(RecurrentLayer.name("bias_hh", index)).offset();
  }

  /** T steps over input rows [xOff, xOff + T·B·in) of x, or {@code tokens}; null h0/c0: zeros. */
  abstract void forward(float[] p, float[] x, int xOff, int[] tokens, int steps, int batch,
      float[] h0, float[] c0);

  /**
   * Backward through the last forward, as {@link RecurrentLayer#backward}: dOut [T·B × H] holds
   * dLoss/dh_t from above and on return the whole dLoss/dh_t; gradients are added into g; dX
   * (when not null) receives dLoss/dx; dh0/dc0 (when not null) the initial state's gradient.
   */
  abstract void backward(float[] p, float[] g, float[] dOut, float[] x, int xOff, int[] tokens,
      float[] dX, float[] dh0, float[] dc0, int truncate);

  /** Named per-step values of the last forward in double, as {@link RecurrentLayer#internals}. */
  abstract Map<String, double[]> internals();

  /** Cell states c_0..c_T (LSTM), else null. */
  float[] cells() {
    return null;
  }

  final float[] states() {
    return hs;
  }

  protected final void beginForward(int steps, int batch, float[] h0) {
    this.steps = steps;
    this.batch = batch;
    int bh = batch * h;
    hs = FloatRows.ensure(hs, (steps + 1) * bh);
    if (h0 == null) {
      Arrays.fill(hs, 0, bh, 0);
    } else {
      System.arraycopy(h0, 0, hs, 0, bh);
    }
  }

  protected static boolean cut(int t, int truncate) {
    return truncate > 0 && t > 0 && t % truncate == 0;
  }

  /**
   * dst[T·B × G·H] = X·W_ihᵀ + b_ih (+ b_hh when {@code withHiddenBias}). Token input gathers rows
   * of W_ihᵀ with the biases already added to every row; dense input starts from the biases and
   * adds the product.
   */
  protected final void projectInput(float[] p, float[] x, int xOff, int[] tokens, float[] dst,
      boolean withHiddenBias) {
    int rows = steps * batch;
    bias = FloatRows.ensure(bias, gh);
    System.arraycopy(p, bIh, bias, 0, gh);
    if (withHiddenBias) {
      FloatRows.add(p, bHh, bias, 0, gh);
    }
    if (tokenInput) {
      wT = FloatRows.ensure(wT, in * gh);
      for (int r = 0; r < gh; r++) {
        for (int v = 0; v < in; v++) {
          wT[v * gh + r] = p[wIh + r * in + v];
        }
      }
      FloatRows.addVector(wT, 0, in, gh, bias, 0);
      for (int r = 0; r < rows; r++) {
        int tok = tokens[r];
        if (tok < 0 || tok >= in) {
          throw new IllegalArgumentException("token id " + tok + " outside the vocabulary 0.." + (in - 1));
        }
        System.arraycopy(wT, tok * gh, dst, r * gh, gh);
      }
    } else {
      FloatRows.setVector(dst, 0, rows, gh, bias, 0);
      gemm.gemm(false, true, rows, gh, in, 1, x, xOff, in, p, wIh, in, 1, dst, 0, gh);
    }
  }

  /** From dPre [T·B × G·H]: dW_ih, db_ih, and dX = dPre·W_ih when dX is not null. */
  protected final void projectInputBackward(float[] p, float[] g, float[] dPre, float[] x,
      int xOff, int[] tokens, float[] dX) {
    projectInputBackward(p, g, dPre, x, xOff, tokens, dX, null);
  }

  /** As above, with {@code sums} the column sums of dPre when the layer has them, else null. */
  protected final void projectInputBackward(float[] p, float[] g, float[] dPre, float[] x,
      int xOff, int[] tokens, float[] dX, float[] sums) {
    int rows = steps * batch;
    if (tokenInput) {
      dWt = FloatRows.ensure(dWt, in * gh);
      Arrays.fill(dWt, 0, in * gh, 0);
      for (int r = 0; r < rows; r++) {
        FloatRows.add(dPre, r * gh, dWt, tokens[r] * gh, gh);
      }
      for (int r = 0; r < gh; r++) {
        for (int v = 0; v < in; v++) {
          g[wIh + r * in + v] += dWt[v * gh + r];
        }
      }
    } else {
      gemm.gemm(true, false, gh, in, rows, 1, dPre, 0, gh, x, xOff, in, 1, g, wIh, in);
      if (dX != null) {
        gemm.gemm(false, false, rows, in, gh, 1, dPre, 0, gh, p, wIh, in, 0, dX, 0, in);
      }
    }
    FloatRows.add(sums != null ? sums : columnSums(dPre), 0, g, bIh, gh);
  }

  /**
   * Σ rows of m [T·B × G·H]; the sums of the last m are reused, because Elman and LSTM give both
   * biases the same gradient.
   */
  private float[] columnSums(float[] m) {
    if (m != summed) {
      sums = FloatRows.ensure(sums, gh);
      Arrays.fill(sums, 0, gh, 0);
      FloatRows.addColumnSums(m, 0, steps * batch, gh, gh, sums, 0);
      summed = m;
    }
    return sums;
  }

  /** Adds (or with {@code add} false writes) W_hh·h_{t−1} into rows t·B.. of dst (width G·H). */
  protected final void recurrentTerm(float[] p, int t, float[] dst, boolean add) {
    gemm.gemm(false, true, batch, gh, h, 1, hs, t * batch * h, h, p, wHh, h, add ? 1 : 0,
        dst, t * batch * gh, gh);
  }

  /**
   * dW_hh += dRecᵀ · [h_0 .. h_{T−1}] over all T·B rows, and db_hh += Σ rows of dRec. A layer
   * calls it before {@link #projectInputBackward}.
   */
  protected final void recurrentGradients(float[] g, float[] dRec) {
    recurrentGradients(g, dRec, null);
  }

  /** As above, with {@code sums} the column sums of dRec when the layer has them, else null. */
  protected final void recurrentGradients(float[] g, float[] dRec, float[] sums) {
    int rows = steps * batch;
    gemm.gemm(true, false, gh, h, rows, 1, dRec, 0, gh, hs, 0, h, 1, g, wHh, h);
    summed = null;
    FloatRows.add(sums != null ? sums : columnSums(dRec), 0, g, bHh, gh);
  }

  /**
   * The per-gate row sums a layer accumulated during its backward loop ({@code parts[k]} for gate
   * block k), joined into one [G·H] row: the bias gradient without another pass over T·B rows.
   */
  protected final float[] joined(float[]... parts) {
    float[] out = new float[gh];
    for (int k = 0; k < parts.length; k++) {
      System.arraycopy(parts[k], 0, out, k * h, h);
    }
    return out;
  }

  /** acc[j] += v[j] for j < n: both at index j, which the JIT vectorizes. */
  protected static void accumulate(float[] acc, float[] v, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += v[j];
    }
  }

  /** Column block {@code k} (width H) of a [T·B × width] float buffer, in double. */
  protected final double[] block(float[] buf, int width, int k) {
    int rows = steps * batch;
    double[] out = new double[rows * h];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < h; j++) {
        out[r * h + j] = buf[r * width + k * h + j];
      }
    }
    return out;
  }
}
