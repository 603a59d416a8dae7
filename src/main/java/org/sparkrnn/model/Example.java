package org.sparkrnn.model;

import java.io.Serializable;

/**
 * One training sequence in compact form: {@code length} steps of token ids or dense features
 * ([length × I] row-major), and its targets: per step ({@code labels} [length] or {@code targets}
 * [length × O]) for many-to-many, or one per sequence ({@code labels} [1] or {@code targets} [O])
 * for many-to-one. {@code id} is the global example id that fixes its place in every epoch's
 * batch order, whatever partition holds it.
 */
public record Example(long id, int length, int[] tokens, double[] features, int[] labels,
    double[] targets) implements Serializable {

  public Example {
    if (length < 1) {
      throw new IllegalArgumentException("example " + id + " has no steps");
    }
    if ((tokens == null) == (features == null)) {
      throw new IllegalArgumentException("example " + id + " needs either tokens or features");
    }
    if (tokens != null && tokens.length != length) {
      throw new IllegalArgumentException("example " + id + ": " + tokens.length + " tokens for " + length + " steps");
    }
    if (features != null && features.length % length != 0) {
      throw new IllegalArgumentException("example " + id + ": ragged feature rows");
    }
  }

  public static Example ofTokens(long id, int[] tokens, int[] labels) {
    return new Example(id, tokens.length, tokens, null, labels, null);
  }

  public static Example ofFeatures(long id, int length, double[] features, int[] labels, double[] targets) {
    return new Example(id, length, null, features, labels, targets);
  }

  public int featureWidth() {
    return features == null ? 0 : features.length / length;
  }
}
