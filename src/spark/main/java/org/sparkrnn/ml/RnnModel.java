package org.sparkrnn.ml;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted model outside Spark's predictor families (the character language model): the trained
 * state ({@link TrainedRnn}), the training params read-only, and persistence.
 */
public abstract class RnnModel<M extends RnnModel<M>> extends Model<M>
    implements TrainedRnn, TransformSetters<M> {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final RnnParams rnnParams;
  private final TrainedState trained;

  protected RnnModel(String uid, TrainedState trained, RnnParams.Group... groups) {
    this.uid = uid;
    this.trained = trained;
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

  @Override
  public TrainedState trained() {
    return trained;
  }

  @Override
  public MLWriter write() {
    return new RnnModelWriter(this);
  }
}
