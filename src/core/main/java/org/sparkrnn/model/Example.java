package org.sparkrnn.model;

import java.io.Serializable;

/**
 * One training sequence in compact form: {@code length} steps of token ids or dense features
 * ([length × I] row-major), and its targets: per step ({@code labels} [length] or {@code targets}
 * [length × O]) for many-to-many, or one per sequence ({@code labels} [1] or {@code targets} [O])
 * for many-to-one. {@code id} is the global example id that fixes its place in every epoch's
 * batch order, whatever partition holds it.
 */
public final class Example implements Serializable {
  private static final long serialVersionUID = 1L;
  // a plain class, not a record: Spark's Kryo 4 cannot serialize records
  private final long id;
  private final int length;
  private final int[] tokens;
  private final double[] features;
  private final int[] labels;
  private final double[] targets;
  /** How many times the example counts in the loss and its gradient (Spark ML's weightCol). */
  private double weight = 1;

  public Example(long id, int length, int[] tokens, double[] features, int[] labels,
      double[] targets) {
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
    this.id = id;
    this.length = length;
    this.tokens = tokens;
    this.features = features;
    this.labels = labels;
    this.targets = targets;
  }

  /** Kryo's constructor. */
  @SuppressWarnings("unused")
  private Example() {
    this(0, 1, new int[1], null, null, null);
  }

  public long id() {
    return id;
  }

  public int length() {
    return length;
  }

  /** Token ids [length], or null for dense features. */
  public int[] tokens() {
    return tokens;
  }

  /** Dense features [length × I] row-major, or null for tokens. */
  public double[] features() {
    return features;
  }

  /** Class ids: [length] per step or [1] per sequence; null for real targets. */
  public int[] labels() {
    return labels;
  }

  /** Real targets: [length × O] per step or [O] per sequence; null for class ids. */
  public double[] targets() {
    return targets;
  }

  public double weight() {
    return weight;
  }

  /** This example counting {@code w} times (finite, ≥ 0) in the loss and its gradient. */
  public Example withWeight(double w) {
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException("example " + id + ": weight " + w + " is not finite and ≥ 0");
    }
    Example e = new Example(id, length, tokens, features, labels, targets);
    e.weight = w;
    return e;
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
