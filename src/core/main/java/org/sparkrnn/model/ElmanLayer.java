package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * Elman layer: a_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh, h_t = f(a_t); with layer norm the
 * recurrent term is LN(W_hh h_{t−1}), with batch norm the input term is BN(W_ih x_t).
 */
final class ElmanLayer extends RecurrentLayer {
  private double[] pre;
  private double[] dPre;
  private double[] dNext;

  ElmanLayer(Gemm gemm, ParamLayout layout, int index, boolean reverse, int in, int h,
      boolean tokenInput, Activation act, double alpha) {
    super(gemm, layout, index, reverse, in, h, 1, tokenInput, act, alpha);
  }

  @Override
  void forward(double[] p, double[] x, int xOff, int[] tokens, int steps, int batch,
      double[] h0, double[] c0) {
    beginForward(steps, batch, h0);
    int bh = batch * h;
    pre = Rows.ensure(pre, steps * bh);
    projectInput(p, x, xOff, tokens, pre, true);
    for (int t = 0; t < steps; t++) {
      recurrentTerm(p, t, pre, t * bh, true);
      act.forward(pre, t * bh, hs, (t + 1) * bh, bh, alpha);
    }
  }

  @Override
  void backward(double[] p, double[] g, double[] dOut, double[] x, int xOff, int[] tokens,
      double[] dX, int dXOff, double[] dh0, double[] dc0, int truncate) {
    int bh = batch * h;
    dPre = Rows.ensure(dPre, steps * bh);
    dNext = Rows.ensure(dNext, bh);
    Arrays.fill(dNext, 0, bh, 0);
    for (int t = steps - 1; t >= 0; t--) {
      int o = t * bh;
      Rows.add(dNext, 0, dOut, o, bh);
      act.backward(pre, o, hs, o + bh, dOut, o, dPre, o, bh, alpha);
      double[] dR = recurrentTermBackward(p, g, t, dPre, o);
      if (cut(t, truncate)) {
        Arrays.fill(dNext, 0, bh, 0);
      } else {
        gemm.gemm(false, false, batch, h, h, 1, dR, o, h, p, wHh, h, 0, dNext, 0, h);
      }
    }
    if (dh0 != null) {
      System.arraycopy(dNext, 0, dh0, 0, bh);
    }
    recurrentWeightGradient(g, ln == null ? dPre : dRec);
    Rows.addColumnSums(dPre, 0, steps * batch, h, h, g, bHh);
    projectInputBackward(p, g, dPre, x, xOff, tokens, dX, dXOff);
  }

  @Override
  java.util.Map<String, double[]> internals() {
    return java.util.Map.of("a", block(pre, h, 0));
  }
}
