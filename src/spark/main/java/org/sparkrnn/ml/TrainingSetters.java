package org.sparkrnn.ml;

/** The training params' setters, shared by the estimators (each returns the estimator). */
public interface TrainingSetters<E> extends TransformSetters<E> {

  @SuppressWarnings("unchecked")
  default E setCellType(String v) {
    set(cellType(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setHiddenSize(int v) {
    set(hiddenSize(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setNumLayers(int v) {
    set(numLayers(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setBidirectional(boolean v) {
    set(bidirectional(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setActivation(String v) {
    set(activation(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setBatchSize(int v) {
    set(batchSize(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setEpochs(int v) {
    set(epochs(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setMaxIter(int v) {
    set(maxIter(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setStepSize(double v) {
    set(stepSize(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setOptimizer(String v) {
    set(optimizer(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setClipNorm(double v) {
    set(clipNorm(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setL1(double v) {
    set(l1(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setL2(double v) {
    set(l2(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setSeed(long v) {
    set(seed(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setBpttWindow(int v) {
    set(bpttWindow(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setMaxLength(int v) {
    set(maxLength(), v);
    return (E) this;
  }

  @SuppressWarnings("unchecked")
  default E setNumPartitions(int v) {
    set(numPartitions(), v);
    return (E) this;
  }

  /**
   * Further configuration keys, each "key=value" (model.*, train.*, init.*, spark.fan_in,
   * spark.sync).
   */
  @SuppressWarnings("unchecked")
  default E setSettings(String... v) {
    set(settings(), v);
    return (E) this;
  }
}
