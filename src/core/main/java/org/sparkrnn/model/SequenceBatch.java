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
  /** Whether targets are per step ([T·B …]) or per sequence ([B …]). */
  public final boolean perStepTargets;
  /**
   * Optional mask over target rows ([T·B] or [B]): false means the row has no loss (a step
   * without a label, or a many-to-one sequence whose last step lies in a later window).
   */
  public final boolean[] scored;
  /**
   * Global example id of every sequence ([B]), or null: with {@code maskSeed} it fixes the
   * dropout masks (a pure function of seed, step, id, layer, position and unit, so neither the
   * partitioning nor a resume changes them). Null ids fall back to the row index.
   */
  public final long[] exampleIds;
  /** The training step's dropout seed (see {@link Dropout#stepSeed}). */
  public final long maskSeed;
  /** Position of step 0 in its sequences (a truncated-BPTT window's start): picks BN statistics. */
  public final int stepOffset;
  /**
   * Weight of every sequence ([B]) in the loss and its gradient, or null for all 1: a sequence of
   * weight w counts as w copies of it (Spark ML's weightCol).
   */
  public final double[] weights;

  private SequenceBatch(int batch, int steps, double[] x, int[] tokens, int[] classTargets,
      double[] realTargets, boolean perStepTargets, int[] lengths, boolean[] scored) {
    this(batch, steps, x, tokens, classTargets, realTargets, perStepTargets, lengths, scored,
        null, 0, 0, null);
  }

  private SequenceBatch(int batch, int steps, double[] x, int[] tokens, int[] classTargets,
      double[] realTargets, boolean perStepTargets, int[] lengths, boolean[] scored,
      long[] exampleIds, long maskSeed, int stepOffset, double[] weights) {
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
    this.perStepTargets = perStepTargets;
    this.scored = scored;
    if (exampleIds != null && exampleIds.length != batch) {
      throw new IllegalArgumentException("example ids: expected " + batch + ", got " + exampleIds.length);
    }
    if (stepOffset < 0) {
      throw new IllegalArgumentException("step offset " + stepOffset + " < 0");
    }
    this.exampleIds = exampleIds;
    this.maskSeed = maskSeed;
    this.stepOffset = stepOffset;
    if (weights != null && weights.length != batch) {
      throw new IllegalArgumentException("weights: expected " + batch + ", got " + weights.length);
    }
    this.weights = weights;
    int rows = perStepTargets ? batch * steps : batch;
    if (scored != null && scored.length != rows) {
      throw new IllegalArgumentException("scored mask: expected " + rows + ", got " + scored.length);
    }
    if (classTargets != null && classTargets.length != rows) {
      throw new IllegalArgumentException("class targets: expected " + rows + ", got " + classTargets.length);
    }
    if (realTargets != null && realTargets.length % rows != 0) {
      throw new IllegalArgumentException("real targets: " + realTargets.length
          + " values is not a multiple of " + rows + " rows");
    }
  }

  public static SequenceBatch dense(int batch, int steps, double[] x, int[] classTargets,
      double[] realTargets, boolean perStepTargets, int[] lengths) {
    return new SequenceBatch(batch, steps, x, null, classTargets, realTargets, perStepTargets,
        lengths, null);
  }

  public static SequenceBatch tokens(int batch, int steps, int[] tokens, int[] classTargets,
      double[] realTargets, boolean perStepTargets, int[] lengths) {
    return new SequenceBatch(batch, steps, null, tokens, classTargets, realTargets, perStepTargets,
        lengths, null);
  }

  /** The same batch with a mask of which target rows carry a loss (null: all valid ones). */
  public SequenceBatch withScored(boolean[] mask) {
    return new SequenceBatch(batch, steps, x, tokens, classTargets, realTargets, perStepTargets,
        lengths, mask, exampleIds, maskSeed, stepOffset, weights);
  }

  /** The same batch with its sequences' global ids and the step's dropout seed. */
  public SequenceBatch withExamples(long[] ids, long seed) {
    return new SequenceBatch(batch, steps, x, tokens, classTargets, realTargets, perStepTargets,
        lengths, scored, ids, seed, stepOffset, weights);
  }

  /** The same batch starting at position {@code offset} of its sequences. */
  public SequenceBatch withStepOffset(int offset) {
    return new SequenceBatch(batch, steps, x, tokens, classTargets, realTargets, perStepTargets,
        lengths, scored, exampleIds, maskSeed, offset, weights);
  }

  /** The same batch with a weight per sequence (null: all 1). */
  public SequenceBatch withWeights(double[] w) {
    return new SequenceBatch(batch, steps, x, tokens, classTargets, realTargets, perStepTargets,
        lengths, scored, exampleIds, maskSeed, stepOffset, w);
  }

  /** The weight of sequence b in the loss (1 without weights). */
  public double weight(int b) {
    return weights == null ? 1 : weights[b];
  }

  /** Global id of sequence b (its row index when the batch has no ids). */
  public long exampleId(int b) {
    return exampleIds == null ? b : exampleIds[b];
  }

  public int length(int b) {
    return lengths == null ? steps : lengths[b];
  }

  /** Whether step t of sequence b is a real (unpadded) step. */
  public boolean valid(int t, int b) {
    return lengths == null || t < lengths[b];
  }

  /** Whether target row r ([T·B] or [B] indexing) counts in the loss. */
  public boolean scores(int r) {
    if (scored != null && !scored[r]) {
      return false;
    }
    return !perStepTargets || valid(r / batch, r % batch);
  }

  /**
   * Steps [from, to) of every sequence, as a batch of its own (a truncated-BPTT window). Sequence
   * lengths are cut to the window; every sequence must have at least one step inside it.
   */
  public SequenceBatch slice(int from, int to) {
    if (from < 0 || to > steps || from >= to) {
      throw new IllegalArgumentException("window [" + from + ", " + to + ") outside 0.." + steps);
    }
    int n = to - from;
    int rowsFrom = from * batch;
    int rowsTo = to * batch;
    int[] len = null;
    if (lengths != null) {
      len = new int[batch];
      for (int b = 0; b < batch; b++) {
        len[b] = Math.min(lengths[b], to) - from;
      }
    }
    boolean[] mask = scored == null || !perStepTargets ? scored
        : java.util.Arrays.copyOfRange(scored, rowsFrom, rowsTo);
    int[] cls = classTargets == null || !perStepTargets ? classTargets
        : java.util.Arrays.copyOfRange(classTargets, rowsFrom, rowsTo);
    double[] real = realTargets;
    if (realTargets != null && perStepTargets) {
      int w = realTargets.length / (steps * batch);
      real = java.util.Arrays.copyOfRange(realTargets, rowsFrom * w, rowsTo * w);
    }
    if (x != null) {
      int w = x.length / (steps * batch);
      return new SequenceBatch(batch, n, java.util.Arrays.copyOfRange(x, rowsFrom * w, rowsTo * w),
          null, cls, real, perStepTargets, len, mask, exampleIds, maskSeed, stepOffset + from,
          weights);
    }
    return new SequenceBatch(batch, n, null, java.util.Arrays.copyOfRange(tokens, rowsFrom, rowsTo),
        cls, real, perStepTargets, len, mask, exampleIds, maskSeed, stepOffset + from, weights);
  }

  /** Fails with a message naming the mismatch when this batch cannot feed {@code config}. */
  public void requireFits(ModelConfig config) {
    if (config.tokenInput() != (tokens != null)) {
      throw new IllegalArgumentException(config.tokenInput()
          ? "this model reads token ids, the batch has dense features"
          : "this model reads dense features, the batch has token ids");
    }
    if (x != null && x.length != steps * batch * config.inputSize()) {
      throw new IllegalArgumentException("inputs: expected " + steps * batch * config.inputSize()
          + " values (T·B·I), got " + x.length);
    }
    boolean hasTargets = classTargets != null || realTargets != null;
    if (hasTargets && perStepTargets != (config.mode() == OutputMode.MANY_TO_MANY)) {
      throw new IllegalArgumentException("the model is " + config.mode().key()
          + " but the batch has " + (perStepTargets ? "per-step" : "per-sequence") + " targets");
    }
    if (hasTargets && config.loss().classTargets != (classTargets != null)) {
      throw new IllegalArgumentException(config.loss().classTargets
          ? "softmax cross-entropy needs class labels, the batch has real targets"
          : "loss " + config.loss().loss + " needs real-valued targets, the batch has class labels");
    }
    int rows = perStepTargets ? steps * batch : batch;
    if (realTargets != null && realTargets.length != rows * config.outputSize()) {
      throw new IllegalArgumentException("targets: expected " + rows * config.outputSize()
          + " values, got " + realTargets.length);
    }
  }
}
