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
  private final float[] cRow;
  private final float[] tcRow;
  private final float[] dhRow;
  private final float[] dcRow;

  FloatLstmLayer(Sgemm gemm, ParamLayout layout, int index, int in, int h, boolean tokenInput) {
    super(gemm, layout, index, in, h, 4, tokenInput);
    this.cRow = new float[h];
    this.tcRow = new float[h];
    this.dhRow = new float[h];
    this.dcRow = new float[h];
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

  /**
   * One row's gates and state: the gate block at gb, the state row at sb (c_{t−1}, h_{t−1}).
   * Loops of one kind each, written so that the JIT turns them into vector instructions: every
   * tanh and sigmoid runs in place (one array, one index; across two arrays it stayed scalar).
   */
  private void cell(int gb, int sb, int bh) {
    float[] g = gates;
    int h2 = 2 * h;
    int h3 = 3 * h;
    for (int j = 0; j < h2; j++) {
      g[gb + j] = FloatMath.sigmoid(g[gb + j]);
    }
    for (int j = 0; j < h; j++) {
      g[gb + h2 + j] = FloatMath.tanh(g[gb + h2 + j]);
    }
    for (int j = 0; j < h; j++) {
      g[gb + h3 + j] = FloatMath.sigmoid(g[gb + h3 + j]);
    }
    float[] c = cRow;
    float[] tc = tcRow;
    for (int j = 0; j < h; j++) {
      c[j] = g[gb + h + j] * cs[sb + j] + g[gb + j] * g[gb + h2 + j];
    }
    System.arraycopy(c, 0, tc, 0, h);
    for (int j = 0; j < h; j++) {
      tc[j] = FloatMath.tanh(tc[j]);
    }
    for (int j = 0; j < h; j++) {
      hs[sb + bh + j] = g[gb + h3 + j] * tc[j];
    }
    System.arraycopy(c, 0, cs, sb + bh, h);
    System.arraycopy(tc, 0, tanhC, sb, h);
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

  /**
   * One row's gate gradients; dNextH/dNextC at nb carry the gradient from step t+1. One output
   * array per loop, so that each vectorizes.
   */
  private void cellBackward(int gb, int sb, int nb, float[] dOut) {
    float[] g = gates;
    int h2 = 2 * h;
    int h3 = 3 * h;
    float[] dh = dhRow;
    float[] dc = dcRow;
    for (int j = 0; j < h; j++) {
      dh[j] = dOut[sb + j] + dNextH[nb + j];
    }
    System.arraycopy(dh, 0, dOut, sb, h);
    for (int j = 0; j < h; j++) {
      float tc = tanhC[sb + j];
      dc[j] = dNextC[nb + j] + dh[j] * g[gb + h3 + j] * (1 - tc * tc);
    }
    for (int j = 0; j < h; j++) {
      float i = g[gb + j];
      dPre[gb + j] = dc[j] * g[gb + h2 + j] * i * (1 - i);
    }
    for (int j = 0; j < h; j++) {
      float f = g[gb + h + j];
      dPre[gb + h + j] = dc[j] * cs[sb + j] * f * (1 - f);
    }
    for (int j = 0; j < h; j++) {
      float gg = g[gb + h2 + j];
      dPre[gb + h2 + j] = dc[j] * g[gb + j] * (1 - gg * gg);
    }
    for (int j = 0; j < h; j++) {
      float o = g[gb + h3 + j];
      dPre[gb + h3 + j] = dh[j] * tanhC[sb + j] * o * (1 - o);
    }
    for (int j = 0; j < h; j++) {
      dNextC[nb + j] = dc[j] * g[gb + h + j];
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
