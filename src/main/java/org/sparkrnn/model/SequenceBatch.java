package org.sparkrnn.model;

/**
 * B sequences of T steps, time-major: step t of sequence b is row {@code t·B + b}. Inputs are
 * either dense vectors ({@code x}, [T·B × inputSize]) or token ids ({@code tokens}, [T·B], a one-hot
 * input done as a row gather). Targets are class ids or real vectors, per step (many-to-many,
 * [T·B] or [T·B × O]) or per sequence (many-to-one, [B] or [B × O]). {@code lengths[b]} ≤ T marks
 * padding: steps at or after it carry no loss, and many-to-one reads the output at step
 * lengths[b]−1. A null lengths means every sequence has all T steps.
 */
public final class SequenceBatch {
  public final int batch;
  public final int steps;
  public final double[] x;
  public final int[] tokens;
  public final int[] classTargets;
  public final double[] realTargets;
  public final int[] lengths;

  private SequenceBatch(int batch, int steps, double[] x, int[] tokens, int[] classTargets,
      double[] realTargets, int[] lengths) {
    if (batch <= 0 || steps <= 0) {
      throw new IllegalArgumentException("a batch needs B > 0 and T > 0, got B=" + batch + " T=" + steps);
    }
    if ((x == null) == (tokens == null)) {
      throw new IllegalArgumentException("a batch has either dense inputs or tokens");
    }
    if (tokens != null && tokens.length != batch * steps) {
      throw new IllegalArgumentException("tokens: expected " + batch * steps + ", got " + tokens.length);
    }
    if (lengths != null) {
      if (lengths.length != batch) {
        throw new IllegalArgumentException("lengths: expected " + batch + ", got " + lengths.length);
      }
      for (int len : lengths) {
        if (len < 1 || len > steps) {
          throw new IllegalArgumentException("sequence length " + len + " outside 1.." + steps);
        }
      }
    }
    this.batch = batch;
    this.steps = steps;
    this.x = x;
    this.tokens = tokens;
    this.classTargets = classTargets;
    this.realTargets = realTargets;
    this.lengths = lengths;
  }

  public static SequenceBatch dense(int batch, int steps, double[] x, int[] classTargets,
      double[] realTargets, int[] lengths) {
    return new SequenceBatch(batch, steps, x, null, classTargets, realTargets, lengths);
  }

  public static SequenceBatch tokens(int batch, int steps, int[] tokens, int[] classTargets,
      double[] realTargets, int[] lengths) {
    return new SequenceBatch(batch, steps, null, tokens, classTargets, realTargets, lengths);
  }

  public int length(int b) {
    return lengths == null ? steps : lengths[b];
  }

  /** Whether step t of sequence b is a real (unpadded) step. */
  public boolean valid(int t, int b) {
    return lengths == null || t < lengths[b];
  }
}
