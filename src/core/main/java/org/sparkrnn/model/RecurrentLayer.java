package org.sparkrnn.model;

import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * One stackable recurrent layer (Elman, LSTM, GRU) run over a whole window: forward for all T
 * steps, then backward for all T steps. Shared here: the parameter slots, the input projection
 * ({@link InputProjection}) and the recurrent weight gradient.
 *
 * <p>Buffers are time-major and grow only when T·B grows: {@code hs} holds (T+1)·B rows of width
 * H, block 0 being the initial state, so block t is h_{t−1} for step t and rows B.. are the
 * layer's outputs. A layer instance is single-threaded.
 */
abstract class RecurrentLayer {
  protected final Gemm gemm;
  protected final int h;
  protected final int gh;
  protected final Activation act;
  protected final double alpha;
  protected final int wIh;
  protected final int wHh;
  protected final int bIh;
  protected final int bHh;

  protected int steps;
  protected int batch;
  protected double[] hs;
  private final InputProjection input;
  /** Layer normalization of the recurrent term W_hh·h_{t−1}, or null. */
  protected LayerNorm ln;
  /** Batch normalization of the input term W_ih·x_t, or null. */
  protected BatchNorm bn;
  /** The batch of the current pass and whether it trains (batch statistics) or infers. */
  protected SequenceBatch pass;
  protected boolean training;
  /** With layer norm: W_hh·h_{t−1} of every step, then its gradient. */
  protected double[] rec;
  protected double[] dRec;

  RecurrentLayer(Gemm gemm, ParamLayout layout, int index, boolean reverse, int in, int h,
      int gates, boolean tokenInput, Activation act, double alpha) {
    this.gemm = gemm;
    this.h = h;
    this.gh = gates * h;
    this.act = act;
    this.alpha = alpha;
    this.wIh = layout.slot(name("weight_ih", index, reverse)).offset();
    this.wHh = layout.slot(name("weight_hh", index, reverse)).offset();
    this.bIh = layout.slot(name("bias_ih", index, reverse)).offset();
    this.bHh = layout.slot(name("bias_hh", index, reverse)).offset();
    this.input = new InputProjection(gemm, in, gh, tokenInput, wIh, bIh);
  }

  static String name(String kind, int index) {
    return name(kind, index, false);
  }

  /** PyTorch's name of a layer's tensor; a bidirectional layer's backward direction ends in _reverse. */
  static String name(String kind, int index, boolean reverse) {
    return "rnn." + kind + "_l" + index + (reverse ? "_reverse" : "");
  }

  /** Turns on normalization inside the recurrence (either may be null). */
  final void normalize(LayerNorm ln, BatchNorm bn) {
    this.ln = ln;
    this.bn = bn;
  }

  /** The batch the next forward and backward run on, and whether they train. */
  final void context(SequenceBatch pass, boolean training) {
    this.pass = pass;
    this.training = training;
  }

  final BatchNorm batchNorm() {
    return bn;
  }

  /** PyTorch's four tensors of layer {@code index}: W_ih [G·H, in], W_hh [G·H, H], b_ih, b_hh. */
  static void addParams(ParamLayout.Builder b, int index, boolean reverse, int in, int h,
      int gates) {
    b.matrix(name("weight_ih", index, reverse), gates * h, in)
        .matrix(name("weight_hh", index, reverse), gates * h, h)
        .vector(name("bias_ih", index, reverse), gates * h, true)
        .vector(name("bias_hh", index, reverse), gates * h, true);
  }

  /**
   * Runs T steps. Dense input is rows [xOff, xOff + T·B·in) of {@code x}; token input is
   * {@code tokens}. A null {@code h0} (or {@code c0}) starts from zeros.
   */
  abstract void forward(double[] p, double[] x, int xOff, int[] tokens, int steps, int batch,
      double[] h0, double[] c0);

  /**
   * Backward through the last forward. {@code dOut} ([T·B × H]) is dLoss/dh_t from above; on
   * return it holds the whole dLoss/dh_t (from above plus through step t+1, read by the
   * gradient-flow profile); gradients are added into {@code g}. When non-null, {@code dX} receives dLoss/dx
   * (overwritten at {@code dXOff}), {@code dh0}/{@code dc0} the gradient of the initial state.
   * {@code truncate} > 0 cuts the gradient through the state every that many steps.
   */
  abstract void backward(double[] p, double[] g, double[] dOut, double[] x, int xOff,
      int[] tokens, double[] dX, int dXOff, double[] dh0, double[] dc0, int truncate);

  /** The hidden states h_1..h_T: rows B.. of {@link #states()}. */
  final double[] states() {
    return hs;
  }

  /** Named per-step values of the last forward, each [T·B × H] (see Network.internals). */
  abstract java.util.Map<String, double[]> internals();

  /** Column block {@code k} (width H) of a [T·B × width] buffer, as its own [T·B × H] array. */
  protected final double[] block(double[] buf, int width, int k) {
    int rows = steps * batch;
    double[] out = new double[rows * h];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(buf, r * width + k * h, out, r * h, h);
    }
    return out;
  }

  /** Cell state c_1..c_T at rows B.. (LSTM), else null. */
  double[] cells() {
    return null;
  }

  final int outputOffset() {
    return batch * h;
  }

  protected final void beginForward(int steps, int batch, double[] h0) {
    this.steps = steps;
    this.batch = batch;
    hs = Rows.ensure(hs, (steps + 1) * batch * h);
    int bh = batch * h;
    if (h0 == null) {
      java.util.Arrays.fill(hs, 0, bh, 0);
    } else {
      System.arraycopy(h0, 0, hs, 0, bh);
    }
  }

  /** Whether the gradient through the state stops between step t−1 and step t. */
  protected static boolean cut(int t, int truncate) {
    return truncate > 0 && t > 0 && t % truncate == 0;
  }

  /**
   * dst[T·B × G·H] = X·W_ihᵀ + b_ih (+ b_hh when {@code withHiddenBias}); with batch norm,
   * BN(X·W_ihᵀ) + b_ih (+ b_hh).
   */
  protected final void projectInput(double[] p, double[] x, int xOff, int[] tokens, double[] dst,
      boolean withHiddenBias) {
    if (bn == null) {
      input.forward(p, x, xOff, tokens, steps * batch, dst);
    } else {
      input.forward(p, x, xOff, tokens, steps * batch, dst, false);
      bn.forward(p, dst, pass, training);
      Rows.addVector(dst, 0, steps * batch, gh, p, bIh);
    }
    if (withHiddenBias) {
      Rows.addVector(dst, 0, steps * batch, gh, p, bHh);
    }
  }

  /**
   * From dPre = dLoss/d(input projection) [T·B × G·H]: dW_ih, db_ih and dX (with batch norm, also
   * dγ, dβ; dPre is then overwritten).
   */
  protected final void projectInputBackward(double[] p, double[] g, double[] dPre, double[] x,
      int xOff, int[] tokens, double[] dX, int dXOff) {
    if (bn == null) {
      input.backward(p, g, dPre, x, xOff, tokens, steps * batch, dX, dXOff);
    } else {
      Rows.addColumnSums(dPre, 0, steps * batch, gh, gh, g, bIh);
      bn.backward(p, g, dPre, pass);
      input.backward(p, g, dPre, x, xOff, tokens, steps * batch, dX, dXOff, false);
    }
  }

  /**
   * Adds the recurrent term of step t into dst (rows t·B.. of width G·H at {@code dstOff}):
   * W_hh·h_{t−1}, or with layer norm LN(W_hh·h_{t−1}). {@code add} false overwrites instead.
   */
  protected final void recurrentTerm(double[] p, int t, double[] dst, int dstOff, boolean add) {
    int bh = batch * h;
    if (ln == null) {
      gemm.gemm(false, true, batch, gh, h, 1, hs, t * bh, h, p, wHh, h, add ? 1 : 0, dst, dstOff, gh);
    } else {
      if (t == 0) {
        rec = Rows.ensure(rec, steps * batch * gh);
        ln.begin(steps * batch);
      }
      gemm.gemm(false, true, batch, gh, h, 1, hs, t * bh, h, p, wHh, h, 0, rec, t * batch * gh, gh);
      ln.forward(p, rec, t * batch * gh, t * batch, batch, dst, dstOff, add);
    }
  }

  /**
   * The backward of {@link #recurrentTerm} at step t from d = dLoss/d(term) (rows at
   * {@code dOff}): returns the array holding dLoss/d(W_hh·h_{t−1}) at the same offset — d itself
   * without layer norm, else {@link #dRec} (and dγ, dβ are added into g).
   */
  protected final double[] recurrentTermBackward(double[] p, double[] g, int t, double[] d, int dOff) {
    if (ln == null) {
      return d;
    }
    if (t == steps - 1) {
      dRec = Rows.ensure(dRec, steps * batch * gh);
    }
    ln.backward(p, g, d, dOff, t * batch, batch, dRec, dOff);
    return dRec;
  }

  /** dW_hh += dRecᵀ · [h_0 .. h_{T−1}]: one product over all T·B rows. */
  protected final void recurrentWeightGradient(double[] g, double[] dRec) {
    gemm.gemm(true, false, gh, h, steps * batch, 1, dRec, 0, gh, hs, 0, h, 1, g, wHh, h);
  }
}
