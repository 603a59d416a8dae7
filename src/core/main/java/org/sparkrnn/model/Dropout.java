package org.sparkrnn.model;

/**
 * Inverted dropout on a layer's output: while training, unit j of sequence b at step t of layer l
 * is kept with probability 1 − p and scaled by 1/(1 − p), else zeroed; at inference it is the
 * identity. The mask is a pure function of (the step's seed, the global example id, layer,
 * position in the sequence, unit) — never of the partition or executor — so the local trainer and
 * Spark with any partition count draw the same masks, and a resumed run draws them again.
 */
public final class Dropout {
  private Dropout() {}

  /** The seed of training step {@code step} of {@code epoch} under the run's seed. */
  public static long stepSeed(long trainSeed, int epoch, long step) {
    return Initializer.mix(Initializer.mix(trainSeed ^ 0x64726F706F7574L, epoch), step);
  }

  /**
   * scale[(t·B + b)·H + j] = 0 or 1/(1 − p) for the T·B rows of {@code batch}: the multiplier of
   * the layer's output (forward) and of its gradient (backward).
   */
  static void mask(double p, SequenceBatch batch, int layer, int h, double[] scale) {
    double keep = 1 / (1 - p);
    int rows = batch.steps * batch.batch;
    for (int r = 0; r < rows; r++) {
      int t = r / batch.batch;
      int b = r % batch.batch;
      long row = Initializer.mix(Initializer.mix(Initializer.mix(batch.maskSeed,
          batch.exampleId(b)), layer), batch.stepOffset + t);
      for (int j = 0; j < h; j++) {
        double u = (Initializer.mix(row, j) >>> 11) * 0x1.0p-53;
        scale[r * h + j] = u < p ? 0 : keep;
      }
    }
  }

  /** x[i] *= scale[i] for i < n: the forward and, applied to the gradient, the backward. */
  static void apply(double[] scale, double[] x, int off, int n) {
    for (int i = 0; i < n; i++) {
      x[off + i] *= scale[i];
    }
  }
}
