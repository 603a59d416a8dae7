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
  /** Row buffers of {@link #cell} and {@link #cellBackward}. */
  private final float[][] row;
  /** Per gate, Σ over the backward pass's rows of dPre: both biases' gradient. */
  private final float[][] sums;

  FloatLstmLayer(Sgemm gemm, ParamLayout layout, int index, int in, int h, boolean tokenInput) {
    super(gemm, layout, index, in, h, 4, tokenInput);
    this.row = new float[9][h];
    this.sums = new float[4][h];
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
   * Loops of one kind each, so that the JIT turns them into vector instructions: every tanh and
   * sigmoid runs in place, one array at one index (from one array into another it stayed scalar).
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
    float[] c = row[5];
    float[] tc = row[4];
    for (int j = 0; j < h; j++) {
      c[j] = g[gb + h + j] * cs[sb + j] + g[gb + j] * g[gb + h2 + j];
    }
    System.arraycopy(c, 0, cs, sb + bh, h);
    System.arraycopy(c, 0, tc, 0, h);
    for (int j = 0; j < h; j++) {
      tc[j] = FloatMath.tanh(tc[j]);
    }
    for (int j = 0; j < h; j++) {
      hs[sb + bh + j] = g[gb + h3 + j] * tc[j];
    }
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
    for (float[] part : sums) {
      Arrays.fill(part, 0);
    }
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
    float[] biasGradient = joined(sums);
    recurrentGradients(g, dPre, biasGradient);
    projectInputBackward(p, g, dPre, x, xOff, tokens, dX, biasGradient);
  }

  /**
   * One row's gate gradients; dNextH/dNextC at nb carry the gradient from step t+1. The operands
   * are copied into row buffers first, so that every loop reads and writes at the one index j: the
   * JIT vectorizes such loops, not ones that mix offsets into arrays that could be the same.
   */
  private void cellBackward(int gb, int sb, int nb, float[] dOut) {
    float[] i = row[0];
    float[] f = row[1];
    float[] gg = row[2];
    float[] o = row[3];
    float[] tc = row[4];
    float[] cp = row[5];
    float[] dh = row[6];
    float[] dc = row[7];
    float[] out = row[8];
    System.arraycopy(gates, gb, i, 0, h);
    System.arraycopy(gates, gb + h, f, 0, h);
    System.arraycopy(gates, gb + 2 * h, gg, 0, h);
    System.arraycopy(gates, gb + 3 * h, o, 0, h);
    System.arraycopy(tanhC, sb, tc, 0, h);
    System.arraycopy(cs, sb, cp, 0, h);
    System.arraycopy(dOut, sb, dh, 0, h);
    System.arraycopy(dNextH, nb, out, 0, h);
    for (int j = 0; j < h; j++) {
      dh[j] += out[j];
    }
    System.arraycopy(dh, 0, dOut, sb, h);
    System.arraycopy(dNextC, nb, dc, 0, h);
    for (int j = 0; j < h; j++) {
      dc[j] += dh[j] * o[j] * (1 - tc[j] * tc[j]);
    }
    for (int j = 0; j < h; j++) {
      out[j] = dc[j] * gg[j] * i[j] * (1 - i[j]);
    }
    System.arraycopy(out, 0, dPre, gb, h);
    accumulate(sums[0], out, h);
    for (int j = 0; j < h; j++) {
      out[j] = dc[j] * cp[j] * f[j] * (1 - f[j]);
    }
    System.arraycopy(out, 0, dPre, gb + h, h);
    accumulate(sums[1], out, h);
    for (int j = 0; j < h; j++) {
      out[j] = dc[j] * i[j] * (1 - gg[j] * gg[j]);
    }
    System.arraycopy(out, 0, dPre, gb + 2 * h, h);
    accumulate(sums[2], out, h);
    for (int j = 0; j < h; j++) {
      out[j] = dh[j] * tc[j] * o[j] * (1 - o[j]);
    }
    System.arraycopy(out, 0, dPre, gb + 3 * h, h);
    accumulate(sums[3], out, h);
    for (int j = 0; j < h; j++) {
      out[j] = dc[j] * f[j];
    }
    System.arraycopy(out, 0, dNextC, nb, h);
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
