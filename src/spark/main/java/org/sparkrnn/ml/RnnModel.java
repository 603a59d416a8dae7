package org.sparkrnn.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.model.ModelConfig;

/**
 * What the fitted models share: the trained model (architecture, parameters, data spec — the
 * model directory of the CLI), the training params read-only, and persistence:
 * {@code path/metadata} (Spark's param metadata) plus {@code path/model} (model.json +
 * tensors.safetensors with its checksum; {@code spark-rnn evaluate --model path/model} reads it
 * too). The training loss history is at hand only for a model fitted in this session.
 */
public abstract class RnnModel<M extends RnnModel<M>> extends Model<M>
    implements HasTrainingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final RnnParams rnnParams;
  /** Not Java-serialized as an object graph: see {@link #writeObject}. */
  transient ModelBundle bundle;
  final DataSpec spec;
  /** Training loss per step when fitted in this session; null when loaded. */
  double[] losses;

  protected RnnModel(String uid, ModelBundle bundle, DataSpec spec, RnnParams.Group... groups) {
    this.uid = uid;
    this.bundle = bundle;
    this.spec = spec;
    this.rnnParams = new RnnParams(this, groups);
    rnnParams.setDefaults();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public RnnParams rnnParams() {
    return rnnParams;
  }

  @SuppressWarnings("unchecked")
  protected final M self() {
    return (M) this;
  }

  /** The network's configuration. */
  public ModelConfig modelConfig() {
    return bundle.model();
  }

  /** The trained parameters as one flat array in the model's layout (a copy). */
  public double[] weights() {
    return bundle.params().data().clone();
  }

  /** The trained model as the CLI's model directory holds it. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** How the model reads its input: vocabulary, classes, feature width. */
  public DataSpec dataSpec() {
    return spec;
  }

  /** Whether the training loss history is at hand (a fitted model, not a loaded one). */
  public boolean hasSummary() {
    return losses != null;
  }

  /**
   * The training loss of every optimizer step, in order (NaN for a step skipped for a
   * non-finite gradient). Like Spark's model summaries, only for a model fitted in this session.
   */
  public double[] lossHistory() {
    if (losses == null) {
      throw new IllegalStateException(uid + ": no training summary (the model was loaded, not "
          + "fitted in this session)");
    }
    return losses.clone();
  }

  /** A copy of this model with the same loss history; for {@code copy(ParamMap)}. */
  protected final M withLosses(M copy) {
    copy.losses = losses;
    return copy;
  }

  /**
   * Java serialization (a model broadcast or captured in a closure) carries the trained model in
   * the model format — model.json and the safetensors bytes — and reading it back runs the same
   * checks as loading a model directory.
   */
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    ByteArrayOutputStream tensors = new ByteArrayOutputStream();
    ModelFiles.write(bundle, json, tensors);
    out.writeObject(json.toByteArray());
    out.writeObject(tensors.toByteArray());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] json = (byte[]) in.readObject();
    byte[] tensors = (byte[]) in.readObject();
    bundle = ModelFiles.read(new ByteArrayInputStream(json), new ByteArrayInputStream(tensors),
        "serialized " + uid);
  }

  @Override
  public MLWriter write() {
    return new RnnModelWriter(this);
  }

  public M setIdCol(String v) {
    set(idCol(), v);
    return self();
  }

  public M setHandleInvalid(String v) {
    set(handleInvalid(), v);
    return self();
  }
}
