package org.sparkrnn.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** weightCol of the classifier and regressor: a row of weight w counts w times in training. */
public interface HasWeightColumn<S> extends Params {

  RnnParams rnnParams();

  default Param<String> weightCol() {
    return rnnParams().weightCol;
  }

  default String getWeightCol() {
    return $(weightCol());
  }

  @SuppressWarnings("unchecked")
  default S setWeightCol(String v) {
    set(weightCol(), v);
    return (S) this;
  }
}
