package org.sparkrnn.ml;

import org.apache.spark.ml.util.MLWritable;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.model.ModelConfig;

/**
 * What the fitted models share: the trained model, the training params read-only, the loss
 * history of a model fitted in this session, and persistence: {@code path/metadata} (Spark's param
 * metadata) plus {@code path/model} (model.json + tensors.safetensors with its checksum;
 * {@code spark-rnn evaluate --model path/model} reads it too).
 */
public interface TrainedRnn extends HasTrainingParams, MLWritable {

  /** The trained model and loss history (see {@link TrainedState}). */
  TrainedState trained();

  /** The network's configuration. */
  default ModelConfig modelConfig() {
    return trained().bundle.model();
  }

  /** The trained parameters as one flat array in the model's layout (a copy). */
  default double[] weights() {
    return trained().bundle.params().data().clone();
  }

  /** The trained model as the CLI's model directory holds it. */
  default ModelBundle bundle() {
    return trained().bundle;
  }

  /** How the model reads its input: vocabulary, classes, feature width. */
  default DataSpec dataSpec() {
    return trained().spec;
  }

  /** Whether the training loss history is at hand (a fitted model, not a loaded one). */
  default boolean hasSummary() {
    return trained().losses != null;
  }

  /**
   * The training loss of every optimizer step, in order (NaN for a step skipped for a
   * non-finite gradient). Like Spark's model summaries, only for a model fitted in this session.
   */
  default double[] lossHistory() {
    if (trained().losses == null) {
      throw new IllegalStateException(uid() + ": no training summary (the model was loaded, not "
          + "fitted in this session)");
    }
    return trained().losses.clone();
  }
}
