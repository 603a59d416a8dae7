package org.sparkrnn.model;

import java.util.Arrays;
import java.util.Map;
import org.sparkrnn.linalg.FloatRows;
import org.sparkrnn.linalg.Sgemm;

/**
 * {@link LstmLayer} in float, gate order i, f, g, o: c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t).
 * The gate activations replace the pre-activations in place.
 */
final class FloatLstmLayer extends FloatLayer {
  private float[] gates;
  private float[] cs;
  private float[] tanhC;
  private float[] dPre;
  private float[] dNextH;
  private float[] dNextC;

  FloatLstmLayer(Sgemm gemm, ParamLayout layout, int index, int in, int h, boolean tokenInput) {
    super(gemm, layout, index, in, h, 4, tokenInput);
  }

  @Override
  void forward(float[] p, float[] x, int xOff, int[] tokens, int steps, int batch, float[] h0,
      float[] c0) {
    beginForward(steps, batch, h0);
    int bh = batch * h;
    gates = FloatRows.ensure(gates, steps * batch * gh);
    cs = FloatRows.ensure(cs, (steps + 1) * bh);
    tanhC = FloatRows.ensure(tanhC, steps * bh);
    if (c0 == null) {
      Arrays.fill(cs, 0, bh, 0);
    } else {
      System.arraycopy(c0, 0, cs, 0, bh);
    }
    projectInput(p, x, xOff, tokens, gates, true);
    for (int t = 0; t < steps; t++) {
      recurrentTerm(p, t, gates, true);
      for (int b = 0; b < batch; b++) {
        cell((t * batch + b) * gh, (t * batch + b) * h, bh);
      }
    }
  }

  /** One row's gates and state: the gate block at gb, the state row at sb (c_{t−1}, h_{t−1}). */
  private void cell(int gb, int sb, int bh) {
    float[] g = gates;
    for (int j = 0; j < h; j++) {
      float i = FloatMath.sigmoid(g[gb + j]);
      float f = FloatMath.sigmoid(g[gb + h + j]);
      float gg = FloatMath.tanh(g[gb + 2 * h + j]);
      float o = FloatMath.sigmoid(g[gb + 3 * h + j]);
      g[gb + j] = i;
      g[gb + h + j] = f;
      g[gb + 2 * h + j] = gg;
      g[gb + 3 * h + j] = o;
      float c = f * cs[sb + j] + i * gg;
      float tc = FloatMath.tanh(c);
      cs[sb + bh + j] = c;
      tanhC[sb + j] = tc;
      hs[sb + bh + j] = o * tc;
    }
  }

  @Override
  void backward(float[] p, float[] g, float[] dOut, float[] x, int xOff, int[] tokens,
      float[] dX, float[] dh0, float[] dc0, int truncate) {
    int bh = batch * h;
    dPre = FloatRows.ensure(dPre, steps * batch * gh);
    dNextH = FloatRows.ensure(dNextH, bh);
    dNextC = FloatRows.ensure(dNextC, bh);
    Arrays.fill(dNextH, 0, bh, 0);
    Arrays.fill(dNextC, 0, bh, 0);
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        cellBackward((t * batch + b) * gh, (t * batch + b) * h, b * h, dOut);
      }
      if (cut(t, truncate)) {
        Arrays.fill(dNextH, 0, bh, 0);
        Arrays.fill(dNextC, 0, bh, 0);
      } else {
        gemm.gemm(false, false, batch, h, gh, 1, dPre, t * batch * gh, gh, p, wHh, h, 0, dNextH, 0, h);
      }
    }
    if (dh0 != null) {
      System.arraycopy(dNextH, 0, dh0, 0, bh);
    }
    if (dc0 != null) {
      System.arraycopy(dNextC, 0, dc0, 0, bh);
    }
    recurrentGradients(g, dPre);
    projectInputBackward(p, g, dPre, x, xOff, tokens, dX);
  }

  /** One row's gate gradients; dNextH/dNextC at nb carry the gradient from step t+1. */
  private void cellBackward(int gb, int sb, int nb, float[] dOut) {
    for (int j = 0; j < h; j++) {
      float i = gates[gb + j];
      float f = gates[gb + h + j];
      float gg = gates[gb + 2 * h + j];
      float o = gates[gb + 3 * h + j];
      float tc = tanhC[sb + j];
      float dh = dOut[sb + j] + dNextH[nb + j];
      dOut[sb + j] = dh;
      float dc = dNextC[nb + j] + dh * o * (1 - tc * tc);
      dPre[gb + j] = dc * gg * i * (1 - i);
      dPre[gb + h + j] = dc * cs[sb + j] * f * (1 - f);
      dPre[gb + 2 * h + j] = dc * i * (1 - gg * gg);
      dPre[gb + 3 * h + j] = dh * tc * o * (1 - o);
      dNextC[nb + j] = dc * f;
    }
  }

  @Override
  float[] cells() {
    return cs;
  }

  @Override
  Map<String, double[]> internals() {
    int bh = batch * h;
    double[] c = new double[steps * bh];
    for (int k = 0; k < c.length; k++) {
      c[k] = cs[bh + k];
    }
    return Map.of("i", block(gates, gh, 0), "f", block(gates, gh, 1), "g", block(gates, gh, 2),
        "o", block(gates, gh, 3), "c", c);
  }
}
