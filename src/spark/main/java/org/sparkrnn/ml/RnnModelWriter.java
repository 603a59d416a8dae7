package org.sparkrnn.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWriter;
import org.sparkrnn.spark.ModelStore;

/**
 * Writes a fitted model under any Hadoop path: {@code metadata/} (Spark's param metadata, as every
 * Spark ML stage writes it) and {@code model/} (the project's model directory, written to a
 * hidden sibling and renamed into place by {@link ModelStore}). Never Java serialization.
 */
final class RnnModelWriter extends MLWriter {
  static final String MODEL_DIR = "model";
  private final TrainedRnn model;

  RnnModelWriter(TrainedRnn model) {
    this.model = model;
  }

  @Override
  public void saveImpl(String path) {
    DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
    try {
      ModelStore.save(model.bundle(), new Path(path, MODEL_DIR).toString(),
          sparkSession().sparkContext().hadoopConfiguration(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot write the model: " + e.getMessage(), e);
    }
  }
}
