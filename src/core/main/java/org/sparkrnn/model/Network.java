package org.sparkrnn.model;

import org.sparkrnn.linalg.Backends;
import org.sparkrnn.linalg.Gemm;

/**
 * A recurrent network: forward over a batch of windows, and backward giving the gradient of the
 * summed loss. Sums, not means: a trainer divides by the item count after summing over
 * partitions, so the result does not depend on how the batch was split. An instance keeps work
 * buffers between calls and is not thread-safe; create one per thread.
 */
public interface Network {

  ModelConfig config();

  ParamLayout layout();

  /**
   * The parameter whose gradient only a step's tokens touch, row by row (an embedding table the
   * head does not share), or null.
   */
  default Slot rowSparseSlot() {
    return null;
  }

  /**
   * Forward and backward over {@code batch}: returns the summed loss and adds its gradient into
   * {@code grad}. {@code init} null starts from zeros; {@code inputGrads} null skips dx / dInit.
   */
  StepResult forwardBackward(SequenceBatch batch, Params params, Params grad, RecurrentState init,
      InputGradients inputGrads);

  /**
   * Forward only, in inference mode (no dropout; batch norm with its running statistics). The
   * loss is computed when the batch has targets, else 0.
   */
  StepResult forward(SequenceBatch batch, Params params, RecurrentState init);

  /**
   * Forward only, in training mode when {@code training} (dropout masks from the batch's ids and
   * seed, batch norm with the batch's statistics): the loss whose gradient
   * {@link #forwardBackward} computes, which always trains.
   */
  default StepResult forward(SequenceBatch batch, Params params, RecurrentState init,
      boolean training) {
    return forward(batch, params, init);
  }

  /**
   * After a training pass with batch normalization: the per-position sums (count, Σu, Σu²) of
   * every layer's normalized input term, which add across partitions; null otherwise. The driver
   * folds them into the running statistics with {@link #applyNormStatistics}.
   */
  default double[] normStatistics() {
    return null;
  }

  /** Updates the batch-norm running statistics in {@code params} from summed {@link #normStatistics}. */
  static void applyNormStatistics(ModelConfig config, Params params, double[] stats) {
    if (config.norm() == Normalization.BATCH && stats != null) {
      BatchNorm.updateRunning(config, params.layout(), params.data(), stats);
    }
  }

  /** g(z) of the last forward: [T·B × O] time-major (many-to-many) or [B × O] (many-to-one). */
  double[] outputs();

  /** z of the last forward, shaped like {@link #outputs()}. */
  double[] logits();

  /** Per-item losses of the last forward (0 for padded steps), shaped like the targets. */
  double[] itemLosses();

  /**
   * Hidden states h_1..h_T of a layer in the last forward, [T·B × H] time-major (a copy); [T·B ×
   * 2H] for a bidirectional layer, both directions by original time.
   */
  double[] hiddenStates(int layer);

  /**
   * Named internal values of a layer in the last forward, each [T·B × H] time-major: "a" (Elman
   * pre-activation), "i","f","g","o","c" (LSTM), "r","z","n","hn_lin" (GRU); a bidirectional
   * layer adds "h" and each name again with "_reverse" (the backward direction, by original
   * time). For tests and diagnostics.
   */
  java.util.Map<String, double[]> internals(int layer);

  /**
   * Turns recording of the gradient-flow profile on or off for the backward passes that follow
   * (off by default; off costs nothing).
   */
  default void recordGradientFlow(boolean on) {}

  /**
   * After a backward pass with recording on: for each layer l and step t of the window, the sum
   * over the batch's rows of ‖∂E/∂h_t‖², the whole gradient reaching layer l's state at step t
   * (through the output at t and through the later steps), as [layers][T]. Sums of squares so
   * that partitions add; null when nothing was recorded.
   */
  default double[][] gradientFlowSquares() {
    return null;
  }

  static Network create(ModelConfig config) {
    return create(config, Backends.defaultBackend());
  }

  static Network create(ModelConfig config, Gemm gemm) {
    return config.cell() == CellType.JORDAN
        ? new JordanNetwork(config, gemm)
        : new StackedNetwork(config, gemm);
  }

  /**
   * The network of train.precision=f32: the float32 network ({@link FloatNetwork}: activations,
   * their gradients and the products in float) for the models it runs, else the double network
   * with single-precision products.
   */
  static Network singlePrecision(ModelConfig config) {
    return FloatNetwork.supports(config)
        ? new FloatNetwork(config)
        : create(config, Backends.create("blas-f32"));
  }

  /** Whether {@link #singlePrecision} runs {@code config} all in float (not products only). */
  static boolean runsAllInFloat(ModelConfig config) {
    return FloatNetwork.supports(config);
  }

  /** The parameter layout a config gives, with PyTorch's names. */
  static ParamLayout layoutOf(ModelConfig config) {
    return config.cell() == CellType.JORDAN
        ? JordanNetwork.layout(config)
        : StackedNetwork.layout(config);
  }
}
