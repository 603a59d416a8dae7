package org.sparkrnn.ml;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsReader.Metadata;
import org.apache.spark.ml.util.MLReader;
import org.sparkrnn.data.DataException;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.spark.ModelStore;

/**
 * Reads what {@link RnnModelWriter} wrote. Every problem — no metadata, metadata of another
 * class, a missing, truncated or altered model file (checksum), a model that does not fit its
 * data spec — is one {@link IllegalArgumentException} line naming the path.
 */
final class RnnModelReader<M extends Params> extends MLReader<M> {

  /** Makes the model object from what was read. */
  interface Factory<M> {
    M create(String uid, TrainedState trained);
  }

  private final Class<M> type;
  private final Factory<M> factory;

  RnnModelReader(Class<M> type, Factory<M> factory) {
    this.type = type;
    this.factory = factory;
  }

  @Override
  public M load(String path) {
    Metadata metadata;
    try {
      metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), type.getName());
    } catch (Exception e) { // a missing path arrives as Spark's AnalysisException
      throw new IllegalArgumentException(path + ": not a saved " + type.getSimpleName()
          + " (" + firstLine(e.getMessage()) + ")", e);
    }
    String dir = new Path(path, RnnModelWriter.MODEL_DIR).toString();
    ModelBundle bundle;
    try {
      bundle = ModelStore.load(dir, sparkSession().sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new IllegalArgumentException(firstLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(dir + ": cannot read the model: "
          + firstLine(e.getMessage()), e);
    }
    String source = new Path(dir, ModelFiles.JSON_FILE).toString();
    DataSpec spec;
    try {
      spec = DataSpec.fromMap(bundle.provenance(), source);
      spec.check(bundle.model());
    } catch (DataException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith(source) ? e.getMessage()
          : source + ": " + e.getMessage(), e);
    }
    M model = factory.create(metadata.uid(),
        new TrainedState(bundle, spec, null, type.getSimpleName() + " " + metadata.uid()));
    try {
      metadata.getAndSetParams(model, scala.Option.empty());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(path + ": bad param metadata: "
          + firstLine(e.getMessage()), e);
    }
    return model;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
