package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * The input side of a recurrent layer for all T·B rows at once: dst = X·W_ihᵀ + b_ih as one
 * product, or, for token input, a row gather of W_ihᵀ (the product with a one-hot matrix without
 * doing it). Its backward gives dW_ih, db_ih and dX.
 */
final class InputProjection {
  private final Gemm gemm;
  private final int in;
  private final int width;
  private final boolean tokenInput;
  private final int w;
  private final int b;
  private double[] wT;
  private double[] dWt;

  /** W_ih [width × in] at offset {@code w}, bias [width] at offset {@code b} of the params. */
  InputProjection(Gemm gemm, int in, int width, boolean tokenInput, int w, int b) {
    this.gemm = gemm;
    this.in = in;
    this.width = width;
    this.tokenInput = tokenInput;
    this.w = w;
    this.b = b;
  }

  /** dst[rows × width] = X·W_ihᵀ + b_ih; X is rows×in at {@code xOff}, or {@code tokens}. */
  void forward(double[] p, double[] x, int xOff, int[] tokens, int rows, double[] dst) {
    forward(p, x, xOff, tokens, rows, dst, true);
  }

  /** As {@link #forward}, the bias b_ih added only when {@code withBias}. */
  void forward(double[] p, double[] x, int xOff, int[] tokens, int rows, double[] dst,
      boolean withBias) {
    if (tokenInput) {
      wT = Rows.ensure(wT, in * width);
      for (int r = 0; r < width; r++) {
        for (int v = 0; v < in; v++) {
          wT[v * width + r] = p[w + r * in + v];
        }
      }
      for (int r = 0; r < rows; r++) {
        int tok = tokens[r];
        if (tok < 0 || tok >= in) {
          throw new IllegalArgumentException("token id " + tok + " outside the vocabulary 0.." + (in - 1));
        }
        System.arraycopy(wT, tok * width, dst, r * width, width);
      }
    } else {
      gemm.gemm(false, true, rows, width, in, 1, x, xOff, in, p, w, in, 0, dst, 0, width);
    }
    if (withBias) {
      Rows.addVector(dst, 0, rows, width, p, b);
    }
  }

  /** From dPre [rows × width]: gW_ih += dPreᵀ·X, gb_ih += Σ rows, and dX = dPre·W_ih if wanted. */
  void backward(double[] p, double[] g, double[] dPre, double[] x, int xOff, int[] tokens,
      int rows, double[] dX, int dXOff) {
    backward(p, g, dPre, x, xOff, tokens, rows, dX, dXOff, true);
  }

  /** As {@link #backward}, the bias gradient added only when {@code withBias}. */
  void backward(double[] p, double[] g, double[] dPre, double[] x, int xOff, int[] tokens,
      int rows, double[] dX, int dXOff, boolean withBias) {
    if (tokenInput) {
      dWt = Rows.ensure(dWt, in * width);
      Arrays.fill(dWt, 0, in * width, 0);
      for (int r = 0; r < rows; r++) {
        Rows.add(dPre, r * width, dWt, tokens[r] * width, width);
      }
      for (int r = 0; r < width; r++) {
        for (int v = 0; v < in; v++) {
          g[w + r * in + v] += dWt[v * width + r];
        }
      }
    } else {
      gemm.gemm(true, false, width, in, rows, 1, dPre, 0, width, x, xOff, in, 1, g, w, in);
      if (dX != null) {
        gemm.gemm(false, false, rows, in, width, 1, dPre, 0, width, p, w, in, 0, dX, dXOff, in);
      }
    }
    if (withBias) {
      Rows.addColumnSums(dPre, 0, rows, width, width, g, b);
    }
  }
}
