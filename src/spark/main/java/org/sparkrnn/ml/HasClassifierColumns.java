package org.sparkrnn.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** The classifier's extra output columns, named as Spark ML's classifiers name them. */
public interface HasClassifierColumns extends Params {

  RnnParams rnnParams();

  default Param<String> probabilityCol() {
    return rnnParams().probabilityCol;
  }

  default Param<String> rawPredictionCol() {
    return rnnParams().rawPredictionCol;
  }

  default String getProbabilityCol() {
    return $(probabilityCol());
  }

  default String getRawPredictionCol() {
    return $(rawPredictionCol());
  }
}
