package org.sparkrnn.model;

/**
 * The gradient-flow profile of a backward pass (see {@link Network#gradientFlowSquares}): per
 * layer and step, Σ over the batch's unpadded rows of ‖∂E/∂h_t‖². Sums of squares, so that the
 * profiles of partitions add up to the profile of the whole batch.
 */
final class GradientFlow {
  private boolean on;
  private double[][] squares;

  void record(boolean on) {
    this.on = on;
    if (!on) {
      squares = null;
    }
  }

  boolean on() {
    return on;
  }

  /** Starts a backward pass over {@code layers} layers and {@code steps} steps. */
  void begin(int layers, int steps) {
    if (on) {
      squares = new double[layers][steps];
    }
  }

  /**
   * Records layer {@code layer} from {@code dh} ([T·B × width] time-major, the total gradient
   * into the layer's state at every step); padded rows of {@code batch} are skipped.
   */
  void add(int layer, double[] dh, int off, int width, SequenceBatch batch) {
    if (on) {
      add(layer, i -> dh[i], off, width, batch);
    }
  }

  /** {@link #add} for the float32 network's gradients. */
  void add(int layer, float[] dh, int off, int width, SequenceBatch batch) {
    if (on) {
      add(layer, i -> dh[i], off, width, batch);
    }
  }

  private void add(int layer, java.util.function.IntToDoubleFunction dh, int off, int width,
      SequenceBatch batch) {
    double[] row = squares[layer];
    for (int t = 0; t < batch.steps; t++) {
      double s = 0;
      for (int b = 0; b < batch.batch; b++) {
        if (batch.valid(t, b)) {
          int p = off + (t * batch.batch + b) * width;
          for (int j = 0; j < width; j++) {
            double v = dh.applyAsDouble(p + j);
            s += v * v;
          }
        }
      }
      row[t] += s;
    }
  }

  /** The recorded profile [layers][T], or null when nothing was recorded. */
  double[][] squares() {
    if (squares == null) {
      return null;
    }
    double[][] copy = new double[squares.length][];
    for (int l = 0; l < squares.length; l++) {
      copy[l] = squares[l].clone();
    }
    return copy;
  }
}
