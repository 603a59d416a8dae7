package org.sparkrnn.model;

import java.util.Arrays;
import java.util.Map;
import org.sparkrnn.linalg.FloatRows;
import org.sparkrnn.linalg.Sgemm;

/** {@link ElmanLayer} in float: a_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh, h_t = f(a_t). */
final class FloatElmanLayer extends FloatLayer {
  private final Activation act;
  private final float alpha;
  private float[] pre;
  private float[] dPre;
  private float[] dNext;

  FloatElmanLayer(Sgemm gemm, ParamLayout layout, int index, int in, int h, boolean tokenInput,
      Activation act, double alpha) {
    super(gemm, layout, index, in, h, 1, tokenInput);
    this.act = act;
    this.alpha = (float) alpha;
  }

  @Override
  void forward(float[] p, float[] x, int xOff, int[] tokens, int steps, int batch, float[] h0,
      float[] c0) {
    beginForward(steps, batch, h0);
    int bh = batch * h;
    pre = FloatRows.ensure(pre, steps * bh);
    projectInput(p, x, xOff, tokens, pre, true);
    for (int t = 0; t < steps; t++) {
      recurrentTerm(p, t, pre, true);
      System.arraycopy(pre, t * bh, hs, (t + 1) * bh, bh);
      FloatMath.apply(act, hs, (t + 1) * bh, bh, alpha);
    }
  }

  @Override
  void backward(float[] p, float[] g, float[] dOut, float[] x, int xOff, int[] tokens,
      float[] dX, float[] dh0, float[] dc0, int truncate) {
    int bh = batch * h;
    dPre = FloatRows.ensure(dPre, steps * bh);
    dNext = FloatRows.ensure(dNext, bh);
    Arrays.fill(dNext, 0, bh, 0);
    for (int t = steps - 1; t >= 0; t--) {
      int o = t * bh;
      FloatRows.add(dNext, 0, dOut, o, bh);
      FloatMath.backward(act, pre, o, hs, o + bh, dOut, o, dPre, o, bh, alpha);
      if (cut(t, truncate)) {
        Arrays.fill(dNext, 0, bh, 0);
      } else {
        gemm.gemm(false, false, batch, h, h, 1, dPre, o, h, p, wHh, h, 0, dNext, 0, h);
      }
    }
    if (dh0 != null) {
      System.arraycopy(dNext, 0, dh0, 0, bh);
    }
    recurrentGradients(g, dPre);
    projectInputBackward(p, g, dPre, x, xOff, tokens, dX);
  }

  @Override
  Map<String, double[]> internals() {
    return Map.of("a", block(pre, h, 0));
  }
}
