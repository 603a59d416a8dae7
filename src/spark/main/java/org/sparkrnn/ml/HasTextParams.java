package org.sparkrnn.ml;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** The character language model's text column, windowing and output columns. */
public interface HasTextParams extends Params {

  RnnParams rnnParams();

  default Param<String> inputCol() {
    return rnnParams().inputCol;
  }

  default IntParam windowSize() {
    return rnnParams().windowSize;
  }

  default IntParam stride() {
    return rnnParams().stride;
  }

  default Param<String> logLossCol() {
    return rnnParams().logLossCol;
  }

  default Param<String> perplexityCol() {
    return rnnParams().perplexityCol;
  }

  default String getInputCol() {
    return $(inputCol());
  }

  default int getWindowSize() {
    return (Integer) $(windowSize());
  }

  default int getStride() {
    return (Integer) $(stride());
  }

  default String getLogLossCol() {
    return $(logLossCol());
  }

  default String getPerplexityCol() {
    return $(perplexityCol());
  }
}
