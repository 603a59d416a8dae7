package org.sparkrnn.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.sparkrnn.linalg.Rows;

/**
 * A bidirectional layer (nn.LSTM(bidirectional=True)): a forward recurrence over the input, and
 * a backward one that starts at each sequence's own last step (length_b − 1) and runs to step 0.
 * The backward direction is an ordinary recurrence over the input reversed within each sequence,
 * so both directions are the same cell code with their own parameters ("_reverse").
 *
 * <p>Output row (t, b) of {@link #output()} is [h→_t, h←_t], 2H wide, time-major like every
 * layer's. Past a sequence's end (padding) the forward half holds whatever the forward direction
 * computed there and the backward half zeros; no loss reads either.
 */
final class BidirectionalLayer {
  private final RecurrentLayer fwd;
  private final RecurrentLayer rev;
  private final int in;
  private final int h;
  private int steps;
  private int batch;
  /** Row r = t·B + b of the reversed input reads original row from[r] (itself in padding). */
  private int[] from;
  private boolean[] valid;
  private double[] xr;
  private int[] tokensR;
  private double[] out;
  private double[] dF;
  private double[] dR;
  private double[] dXr;

  BidirectionalLayer(RecurrentLayer fwd, RecurrentLayer rev, int in, int h) {
    this.fwd = fwd;
    this.rev = rev;
    this.in = in;
    this.h = h;
  }

  RecurrentLayer forwardDirection() {
    return fwd;
  }

  RecurrentLayer backwardDirection() {
    return rev;
  }

  /** The batch of the next pass and whether it trains, for both directions. */
  void context(SequenceBatch pass, boolean training) {
    fwd.context(pass, training);
    rev.context(pass, training);
  }

  /** Runs both directions over rows [xOff, xOff + T·B·in) of x (or the token ids). */
  void forward(double[] p, double[] x, int xOff, int[] tokens, SequenceBatch pass,
      double[] h0, double[] c0, double[] h0r, double[] c0r) {
    this.steps = pass.steps;
    this.batch = pass.batch;
    int rows = steps * batch;
    order(pass);
    fwd.forward(p, x, xOff, tokens, steps, batch, h0, c0);
    if (tokens != null) {
      tokensR = tokensR == null || tokensR.length < rows ? new int[rows] : tokensR;
      for (int r = 0; r < rows; r++) {
        tokensR[r] = tokens[from[r]];
      }
      rev.forward(p, null, 0, tokensR, steps, batch, h0r, c0r);
    } else {
      xr = Rows.ensure(xr, rows * in);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(x, xOff + from[r] * in, xr, r * in, in);
      }
      rev.forward(p, xr, 0, null, steps, batch, h0r, c0r);
    }
    out = Rows.ensure(out, rows * 2 * h);
    double[] hf = fwd.states();
    double[] hr = rev.states();
    int skip = batch * h; // block 0 of a layer's states is its initial state
    for (int r = 0; r < rows; r++) {
      System.arraycopy(hf, skip + r * h, out, r * 2 * h, h);
      if (valid[r]) {
        System.arraycopy(hr, skip + from[r] * h, out, r * 2 * h + h, h);
      } else {
        Arrays.fill(out, r * 2 * h + h, (r + 1) * 2 * h, 0);
      }
    }
  }

  /** [T·B × 2H]: both directions' states per step, by original time. */
  double[] output() {
    return out;
  }

  /**
   * Backward through the last forward from dOut = dLoss/d(output) [T·B × 2H] at offset 0; on
   * return dOut holds the whole dLoss/dh of both directions (as a layer's backward leaves it).
   * dX (when non-null) is overwritten with dLoss/dx of both directions.
   */
  void backward(double[] p, double[] g, double[] dOut, double[] x, int xOff, int[] tokens,
      double[] dX, int dXOff, double[] dh0, double[] dc0, double[] dh0r, double[] dc0r) {
    int rows = steps * batch;
    dF = Rows.ensure(dF, rows * h);
    dR = Rows.ensure(dR, rows * h);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(dOut, r * 2 * h, dF, r * h, h);
      if (valid[r]) {
        System.arraycopy(dOut, r * 2 * h + h, dR, from[r] * h, h);
      } else {
        Arrays.fill(dR, r * h, (r + 1) * h, 0); // from[r] = r in padding
      }
    }
    fwd.backward(p, g, dF, x, xOff, tokens, dX, dXOff, dh0, dc0, 0);
    if (dX != null) {
      dXr = Rows.ensure(dXr, rows * in);
    }
    rev.backward(p, g, dR, tokens != null ? null : xr, 0, tokens != null ? tokensR : null,
        dX == null ? null : dXr, 0, dh0r, dc0r, 0);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(dF, r * h, dOut, r * 2 * h, h);
      if (valid[r]) {
        System.arraycopy(dR, from[r] * h, dOut, r * 2 * h + h, h);
        if (dX != null) {
          // padded rows of dXr are zero: nothing after a sequence's end reaches its loss
          Rows.add(dXr, from[r] * in, dX, dXOff + r * in, in);
        }
      } else {
        Arrays.fill(dOut, r * 2 * h + h, (r + 1) * 2 * h, 0);
      }
    }
  }

  /** The final state of each direction per sequence: after its last step (forward) or step 0. */
  double[] finalState(boolean reverse, boolean cell, SequenceBatch pass) {
    RecurrentLayer layer = reverse ? rev : fwd;
    double[] all = cell ? layer.cells() : layer.states();
    double[] s = new double[batch * h];
    for (int b = 0; b < batch; b++) {
      int len = pass.length(b);
      System.arraycopy(all, (len * batch + b) * h, s, b * h, h);
    }
    return s;
  }

  /** Both directions' per-step values by original time; the backward direction's end in "_reverse". */
  Map<String, double[]> internals() {
    Map<String, double[]> m = new HashMap<>(fwd.internals());
    m.put("h", Arrays.copyOfRange(fwd.states(), batch * h, (steps + 1) * batch * h));
    for (Map.Entry<String, double[]> e : rev.internals().entrySet()) {
      m.put(e.getKey() + "_reverse", byOriginalTime(e.getValue(), 0));
    }
    m.put("h_reverse", byOriginalTime(rev.states(), batch * h));
    return m;
  }

  /** A backward-direction [T·B × H] array (rows from {@code off}) in original time order. */
  private double[] byOriginalTime(double[] v, int off) {
    int rows = steps * batch;
    double[] o = new double[rows * h];
    for (int r = 0; r < rows; r++) {
      if (valid[r]) {
        System.arraycopy(v, off + from[r] * h, o, r * h, h);
      }
    }
    return o;
  }

  private void order(SequenceBatch pass) {
    int rows = steps * batch;
    from = from == null || from.length < rows ? new int[rows] : from;
    valid = valid == null || valid.length < rows ? new boolean[rows] : valid;
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        int len = pass.length(b);
        int r = t * batch + b;
        valid[r] = t < len;
        from[r] = t < len ? (len - 1 - t) * batch + b : r;
      }
    }
  }
}
