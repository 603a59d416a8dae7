package org.sparkrnn.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/** The training params shared by every estimator and its model (models expose them read-only). */
public interface HasTrainingParams extends Params {

  /** The Param objects of this stage. */
  RnnParams rnnParams();

  default Param<String> cellType() {
    return rnnParams().cellType;
  }

  default IntParam hiddenSize() {
    return rnnParams().hiddenSize;
  }

  default IntParam numLayers() {
    return rnnParams().numLayers;
  }

  default BooleanParam bidirectional() {
    return rnnParams().bidirectional;
  }

  default Param<String> activation() {
    return rnnParams().activation;
  }

  default IntParam batchSize() {
    return rnnParams().batchSize;
  }

  default IntParam epochs() {
    return rnnParams().epochs;
  }

  default IntParam maxIter() {
    return rnnParams().maxIter;
  }

  default DoubleParam stepSize() {
    return rnnParams().stepSize;
  }

  default Param<String> optimizer() {
    return rnnParams().optimizer;
  }

  default DoubleParam clipNorm() {
    return rnnParams().clipNorm;
  }

  default DoubleParam l1() {
    return rnnParams().l1;
  }

  default DoubleParam l2() {
    return rnnParams().l2;
  }

  default LongParam seed() {
    return rnnParams().seed;
  }

  default IntParam bpttWindow() {
    return rnnParams().bpttWindow;
  }

  default IntParam maxLength() {
    return rnnParams().maxLength;
  }

  default IntParam numPartitions() {
    return rnnParams().numPartitions;
  }

  default StringArrayParam settings() {
    return rnnParams().settings;
  }

  default Param<String> handleInvalid() {
    return rnnParams().handleInvalid;
  }

  default String getCellType() {
    return $(cellType());
  }

  default int getHiddenSize() {
    return (Integer) $(hiddenSize());
  }

  default int getNumLayers() {
    return (Integer) $(numLayers());
  }

  default boolean getBidirectional() {
    return (Boolean) $(bidirectional());
  }

  default String getActivation() {
    return $(activation());
  }

  default int getBatchSize() {
    return (Integer) $(batchSize());
  }

  default int getEpochs() {
    return (Integer) $(epochs());
  }

  default int getMaxIter() {
    return (Integer) $(maxIter());
  }

  default double getStepSize() {
    return (Double) $(stepSize());
  }

  default String getOptimizer() {
    return $(optimizer());
  }

  default double getClipNorm() {
    return (Double) $(clipNorm());
  }

  default double getL1() {
    return (Double) $(l1());
  }

  default double getL2() {
    return (Double) $(l2());
  }

  default long getSeed() {
    return (Long) $(seed());
  }

  default int getBpttWindow() {
    return (Integer) $(bpttWindow());
  }

  default int getMaxLength() {
    return (Integer) $(maxLength());
  }

  default int getNumPartitions() {
    return (Integer) $(numPartitions());
  }

  default String[] getSettings() {
    return $(settings());
  }

  default String getHandleInvalid() {
    return $(handleInvalid());
  }

  default Param<String> idCol() {
    return rnnParams().idCol;
  }

  default String getIdCol() {
    return $(idCol());
  }
}
