package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * GRU layer with PyTorch's equations and gate order r, z, n:
 * n_t = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h_t = (1−z)⊙n + z⊙h_{t−1}. Layer norm replaces
 * W_hh h by LN(W_hh h) per gate block (b_hh added after it); batch norm W_ih x by BN(W_ih x). Because b_hn sits
 * inside r⊙(…), the hidden-side products (with b_hh) are kept apart from the input side.
 */
final class GruLayer extends RecurrentLayer {
  private double[] px;
  private double[] hh;
  private double[] gates;
  private double[] dPx;
  private double[] dHh;
  private double[] dNext;

  GruLayer(Gemm gemm, ParamLayout layout, int index, boolean reverse, int in, int h,
      boolean tokenInput) {
    super(gemm, layout, index, reverse, in, h, 3, tokenInput, Activation.TANH, 0);
  }

  @Override
  void forward(double[] p, double[] x, int xOff, int[] tokens, int steps, int batch,
      double[] h0, double[] c0) {
    beginForward(steps, batch, h0);
    int bh = batch * h;
    int rows = steps * batch;
    px = Rows.ensure(px, rows * gh);
    hh = Rows.ensure(hh, rows * gh);
    gates = Rows.ensure(gates, rows * gh);
    projectInput(p, x, xOff, tokens, px, false);
    Rows.setVector(hh, 0, rows, gh, p, bHh);
    for (int t = 0; t < steps; t++) {
      if (ln == null) {
        recurrentTerm(p, t, hh, t * batch * gh, true);
      } else {
        recurrentTerm(p, t, hh, t * batch * gh, false);
        Rows.addVector(hh, t * batch * gh, batch, gh, p, bHh);
      }
      for (int b = 0; b < batch; b++) {
        int gb = (t * batch + b) * gh;
        int sb = (t * batch + b) * h;
        for (int j = 0; j < h; j++) {
          double r = Activation.sigmoid(px[gb + j] + hh[gb + j]);
          double z = Activation.sigmoid(px[gb + h + j] + hh[gb + h + j]);
          double n = Tanh.of(px[gb + 2 * h + j] + r * hh[gb + 2 * h + j]);
          gates[gb + j] = r;
          gates[gb + h + j] = z;
          gates[gb + 2 * h + j] = n;
          hs[sb + bh + j] = (1 - z) * n + z * hs[sb + j];
        }
      }
    }
  }

  @Override
  void backward(double[] p, double[] g, double[] dOut, double[] x, int xOff, int[] tokens,
      double[] dX, int dXOff, double[] dh0, double[] dc0, int truncate) {
    int bh = batch * h;
    int rows = steps * batch;
    dPx = Rows.ensure(dPx, rows * gh);
    dHh = Rows.ensure(dHh, rows * gh);
    dNext = Rows.ensure(dNext, bh);
    Arrays.fill(dNext, 0, bh, 0);
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        int gb = (t * batch + b) * gh;
        int sb = (t * batch + b) * h;
        for (int j = 0; j < h; j++) {
          double r = gates[gb + j];
          double z = gates[gb + h + j];
          double n = gates[gb + 2 * h + j];
          double dh = dOut[sb + j] + dNext[b * h + j];
          dOut[sb + j] = dh;
          double dpn = dh * (1 - z) * (1 - n * n);
          double dpz = dh * (hs[sb + j] - n) * z * (1 - z);
          double dpr = dpn * hh[gb + 2 * h + j] * r * (1 - r);
          dPx[gb + j] = dpr;
          dPx[gb + h + j] = dpz;
          dPx[gb + 2 * h + j] = dpn;
          dHh[gb + j] = dpr;
          dHh[gb + h + j] = dpz;
          dHh[gb + 2 * h + j] = dpn * r;
          dNext[b * h + j] = dh * z;
        }
      }
      double[] dR = recurrentTermBackward(p, g, t, dHh, t * batch * gh);
      if (cut(t, truncate)) {
        Arrays.fill(dNext, 0, bh, 0);
      } else {
        gemm.gemm(false, false, batch, h, gh, 1, dR, t * batch * gh, gh, p, wHh, h, 1, dNext, 0, h);
      }
    }
    if (dh0 != null) {
      System.arraycopy(dNext, 0, dh0, 0, bh);
    }
    recurrentWeightGradient(g, ln == null ? dHh : dRec);
    Rows.addColumnSums(dHh, 0, rows, gh, gh, g, bHh);
    projectInputBackward(p, g, dPx, x, xOff, tokens, dX, dXOff);
  }

  @Override
  java.util.Map<String, double[]> internals() {
    return java.util.Map.of("r", block(gates, gh, 0), "z", block(gates, gh, 1),
        "n", block(gates, gh, 2), "hn_lin", block(hh, gh, 2));
  }
}
