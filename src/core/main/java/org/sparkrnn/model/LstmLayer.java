package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * LSTM layer with PyTorch's equations and gate order i, f, g, o (one fused product for all four):
 * c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t). Layer norm normalizes the recurrent term W_hh h_{t−1}
 * per gate block; batch norm the input term W_ih x_t. The gate activations replace the pre-activations in
 * place; the backward pass needs only the activations.
 */
final class LstmLayer extends RecurrentLayer {
  private double[] gates;
  private double[] cs;
  private double[] tanhC;
  private double[] dPre;
  private double[] dNextH;
  private double[] dNextC;

  LstmLayer(Gemm gemm, ParamLayout layout, int index, boolean reverse, int in, int h,
      boolean tokenInput) {
    super(gemm, layout, index, reverse, in, h, 4, tokenInput, Activation.TANH, 0);
  }

  @Override
  void forward(double[] p, double[] x, int xOff, int[] tokens, int steps, int batch,
      double[] h0, double[] c0) {
    beginForward(steps, batch, h0);
    int bh = batch * h;
    gates = Rows.ensure(gates, steps * batch * gh);
    cs = Rows.ensure(cs, (steps + 1) * bh);
    tanhC = Rows.ensure(tanhC, steps * bh);
    if (c0 == null) {
      Arrays.fill(cs, 0, bh, 0);
    } else {
      System.arraycopy(c0, 0, cs, 0, bh);
    }
    projectInput(p, x, xOff, tokens, gates, true);
    for (int t = 0; t < steps; t++) {
      recurrentTerm(p, t, gates, t * batch * gh, true);
      for (int b = 0; b < batch; b++) {
        int gb = (t * batch + b) * gh;
        int sb = (t * batch + b) * h;
        for (int j = 0; j < h; j++) {
          double i = Activation.sigmoid(gates[gb + j]);
          double f = Activation.sigmoid(gates[gb + h + j]);
          double gg = Tanh.of(gates[gb + 2 * h + j]);
          double o = Activation.sigmoid(gates[gb + 3 * h + j]);
          gates[gb + j] = i;
          gates[gb + h + j] = f;
          gates[gb + 2 * h + j] = gg;
          gates[gb + 3 * h + j] = o;
          double c = f * cs[sb + j] + i * gg;
          double tc = Tanh.of(c);
          cs[sb + bh + j] = c;
          tanhC[sb + j] = tc;
          hs[sb + bh + j] = o * tc;
        }
      }
    }
  }

  @Override
  void backward(double[] p, double[] g, double[] dOut, double[] x, int xOff, int[] tokens,
      double[] dX, int dXOff, double[] dh0, double[] dc0, int truncate) {
    int bh = batch * h;
    dPre = Rows.ensure(dPre, steps * batch * gh);
    dNextH = Rows.ensure(dNextH, bh);
    dNextC = Rows.ensure(dNextC, bh);
    Arrays.fill(dNextH, 0, bh, 0);
    Arrays.fill(dNextC, 0, bh, 0);
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        int gb = (t * batch + b) * gh;
        int sb = (t * batch + b) * h;
        for (int j = 0; j < h; j++) {
          double i = gates[gb + j];
          double f = gates[gb + h + j];
          double gg = gates[gb + 2 * h + j];
          double o = gates[gb + 3 * h + j];
          double tc = tanhC[sb + j];
          double dh = dOut[sb + j] + dNextH[b * h + j];
          dOut[sb + j] = dh;
          double dc = dNextC[b * h + j] + dh * o * (1 - tc * tc);
          dPre[gb + j] = dc * gg * i * (1 - i);
          dPre[gb + h + j] = dc * cs[sb + j] * f * (1 - f);
          dPre[gb + 2 * h + j] = dc * i * (1 - gg * gg);
          dPre[gb + 3 * h + j] = dh * tc * o * (1 - o);
          dNextC[b * h + j] = dc * f;
        }
      }
      double[] dR = recurrentTermBackward(p, g, t, dPre, t * batch * gh);
      if (cut(t, truncate)) {
        Arrays.fill(dNextH, 0, bh, 0);
        Arrays.fill(dNextC, 0, bh, 0);
      } else {
        gemm.gemm(false, false, batch, h, gh, 1, dR, t * batch * gh, gh, p, wHh, h, 0, dNextH, 0, h);
      }
    }
    if (dh0 != null) {
      System.arraycopy(dNextH, 0, dh0, 0, bh);
    }
    if (dc0 != null) {
      System.arraycopy(dNextC, 0, dc0, 0, bh);
    }
    recurrentWeightGradient(g, ln == null ? dPre : dRec);
    Rows.addColumnSums(dPre, 0, steps * batch, gh, gh, g, bHh);
    projectInputBackward(p, g, dPre, x, xOff, tokens, dX, dXOff);
  }

  @Override
  double[] cells() {
    return cs;
  }

  @Override
  java.util.Map<String, double[]> internals() {
    int bh = batch * h;
    return java.util.Map.of("i", block(gates, gh, 0), "f", block(gates, gh, 1),
        "g", block(gates, gh, 2), "o", block(gates, gh, 3),
        "c", Arrays.copyOfRange(cs, bh, (steps + 1) * bh));
  }
}
