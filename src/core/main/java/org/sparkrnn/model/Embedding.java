package org.sparkrnn.model;

import org.sparkrnn.linalg.Rows;

/**
 * nn.Embedding: "embedding.weight" [V × E], row v the vector of token v. The forward pass gathers
 * one row per token; the backward pass adds each row of dX back into the row of its token (the
 * product with a one-hot matrix and its transpose, without doing either).
 */
final class Embedding {
  static final String WEIGHT = "embedding.weight";

  private final int vocab;
  private final int width;
  private final int w;

  Embedding(ParamLayout layout, int vocab, int width) {
    this.vocab = vocab;
    this.width = width;
    this.w = layout.slot(WEIGHT).offset();
  }

  static void addParams(ParamLayout.Builder b, int vocab, int width) {
    b.matrix(WEIGHT, vocab, width);
  }

  /** x[r] = W[tokens[r]] for {@code rows} rows of E. */
  void forward(double[] p, int[] tokens, int rows, double[] x) {
    for (int r = 0; r < rows; r++) {
      int tok = tokens[r];
      if (tok < 0 || tok >= vocab) {
        throw new IllegalArgumentException("token id " + tok + " outside the vocabulary 0.." + (vocab - 1));
      }
      System.arraycopy(p, w + tok * width, x, r * width, width);
    }
  }

  /** gW[tokens[r]] += dX[r] for {@code rows} rows, in row order. */
  void backward(double[] g, int[] tokens, int rows, double[] dX) {
    for (int r = 0; r < rows; r++) {
      Rows.add(dX, r * width, g, w + tokens[r] * width, width);
    }
  }
}
