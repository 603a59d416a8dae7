package org.sparkrnn.model;

import java.util.Arrays;
import java.util.Map;
import org.sparkrnn.linalg.FloatRows;
import org.sparkrnn.linalg.Sgemm;

/**
 * {@link GruLayer} in float, gate order r, z, n: n_t = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)),
 * h_t = (1−z)⊙n + z⊙h_{t−1}; the hidden-side products (with b_hh) kept apart from the input side.
 */
final class FloatGruLayer extends FloatLayer {
  private float[] px;
  private float[] hh;
  private float[] gates;
  private float[] dPx;
  private float[] dHh;
  private float[] dNext;
  private final float[] nRow;
  private final float[] hRow;
  /** Row buffers of {@link #cellBackward}. */
  private final float[][] row;
  /** Σ over the backward pass's rows of the r, z, hidden-n and input-n gradients (the biases'). */
  private final float[][] sums;

  FloatGruLayer(Sgemm gemm, ParamLayout layout, int index, int in, int h, boolean tokenInput) {
    super(gemm, layout, index, in, h, 3, tokenInput);
    this.nRow = new float[h];
    this.hRow = new float[h];
    this.row = new float[8][h];
    this.sums = new float[4][h];
  }

  @Override
  void forward(float[] p, float[] x, int xOff, int[] tokens, int steps, int batch, float[] h0,
      float[] c0) {
    beginForward(steps, batch, h0);
    int bh = batch * h;
    int rows = steps * batch;
    px = FloatRows.ensure(px, rows * gh);
    hh = FloatRows.ensure(hh, rows * gh);
    gates = FloatRows.ensure(gates, rows * gh);
    projectInput(p, x, xOff, tokens, px, false);
    FloatRows.setVector(hh, 0, rows, gh, p, bHh);
    for (int t = 0; t < steps; t++) {
      recurrentTerm(p, t, hh, true);
      for (int b = 0; b < batch; b++) {
        cell((t * batch + b) * gh, (t * batch + b) * h, bh);
      }
    }
  }

  /** One row, in loops the JIT vectorizes (see {@link FloatLstmLayer}'s cell). */
  private void cell(int gb, int sb, int bh) {
    int h2 = 2 * h;
    float[] g = gates;
    float[] x = px;
    float[] r = hh;
    for (int j = gb; j < gb + h2; j++) {
      g[j] = x[j] + r[j];
    }
    for (int j = gb; j < gb + h2; j++) {
      g[j] = FloatMath.sigmoid(g[j]);
    }
    float[] n = nRow;
    for (int j = 0; j < h; j++) {
      n[j] = x[gb + h2 + j] + g[gb + j] * r[gb + h2 + j];
    }
    for (int j = 0; j < h; j++) {
      n[j] = FloatMath.tanh(n[j]);
    }
    float[] next = hRow;
    for (int j = 0; j < h; j++) {
      float z = gates[gb + h + j];
      next[j] = (1 - z) * n[j] + z * hs[sb + j];
    }
    System.arraycopy(n, 0, gates, gb + h2, h);
    System.arraycopy(next, 0, hs, sb + bh, h);
  }

  @Override
  void backward(float[] p, float[] g, float[] dOut, float[] x, int xOff, int[] tokens,
      float[] dX, float[] dh0, float[] dc0, int truncate) {
    int bh = batch * h;
    int rows = steps * batch;
    dPx = FloatRows.ensure(dPx, rows * gh);
    dHh = FloatRows.ensure(dHh, rows * gh);
    dNext = FloatRows.ensure(dNext, bh);
    Arrays.fill(dNext, 0, bh, 0);
    for (float[] part : sums) {
      Arrays.fill(part, 0);
    }
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        cellBackward((t * batch + b) * gh, (t * batch + b) * h, b * h, dOut);
      }
      if (cut(t, truncate)) {
        Arrays.fill(dNext, 0, bh, 0);
      } else {
        gemm.gemm(false, false, batch, h, gh, 1, dHh, t * batch * gh, gh, p, wHh, h, 1, dNext, 0, h);
      }
    }
    if (dh0 != null) {
      System.arraycopy(dNext, 0, dh0, 0, bh);
    }
    recurrentGradients(g, dHh, joined(sums[0], sums[1], sums[2]));
    projectInputBackward(p, g, dPx, x, xOff, tokens, dX, joined(sums[0], sums[1], sums[3]));
  }

  /**
   * One row's gate gradients; dNext at nb is dLoss/dh_t through step t+1, replaced by z·dh. The
   * operands are copied into row buffers first, so that every loop reads and writes at the one
   * index j, which the JIT vectorizes (see {@link FloatLstmLayer}).
   */
  private void cellBackward(int gb, int sb, int nb, float[] dOut) {
    int h2 = 2 * h;
    float[] r = row[0];
    float[] z = row[1];
    float[] n = row[2];
    float[] hn = row[3];
    float[] hp = row[4];
    float[] dh = row[5];
    float[] dpn = row[6];
    float[] out = row[7];
    System.arraycopy(gates, gb, r, 0, h);
    System.arraycopy(gates, gb + h, z, 0, h);
    System.arraycopy(gates, gb + h2, n, 0, h);
    System.arraycopy(hh, gb + h2, hn, 0, h);
    System.arraycopy(hs, sb, hp, 0, h);
    System.arraycopy(dOut, sb, dh, 0, h);
    System.arraycopy(dNext, nb, out, 0, h);
    for (int j = 0; j < h; j++) {
      dh[j] += out[j];
    }
    System.arraycopy(dh, 0, dOut, sb, h);
    for (int j = 0; j < h; j++) {
      dpn[j] = dh[j] * (1 - z[j]) * (1 - n[j] * n[j]);
    }
    System.arraycopy(dpn, 0, dPx, gb + h2, h);
    accumulate(sums[3], dpn, h);
    for (int j = 0; j < h; j++) {
      out[j] = dpn[j] * hn[j] * r[j] * (1 - r[j]);
    }
    System.arraycopy(out, 0, dPx, gb, h);
    System.arraycopy(out, 0, dHh, gb, h);
    accumulate(sums[0], out, h);
    for (int j = 0; j < h; j++) {
      out[j] = dh[j] * (hp[j] - n[j]) * z[j] * (1 - z[j]);
    }
    System.arraycopy(out, 0, dPx, gb + h, h);
    System.arraycopy(out, 0, dHh, gb + h, h);
    accumulate(sums[1], out, h);
    for (int j = 0; j < h; j++) {
      out[j] = dpn[j] * r[j];
    }
    System.arraycopy(out, 0, dHh, gb + h2, h);
    accumulate(sums[2], out, h);
    for (int j = 0; j < h; j++) {
      out[j] = dh[j] * z[j];
    }
    System.arraycopy(out, 0, dNext, nb, h);
  }

  @Override
  Map<String, double[]> internals() {
    return Map.of("r", block(gates, gh, 0), "z", block(gates, gh, 1), "n", block(gates, gh, 2),
        "hn_lin", block(hh, gh, 2));
  }
}
