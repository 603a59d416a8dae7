package org.sparkrnn.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A character language model as a Spark ML estimator: {@code inputCol} holds text, every row a
 * document; the vocabulary is the training rows' characters; training windows of
 * {@code windowSize} characters every {@code stride} never cross rows, each step predicting the
 * next character (many-to-many, softmax, cross-entropy) — the CLI's char_lm with rows for files.
 * The model adds each row's {@code logLoss} and {@code perplexity}.
 */
public final class RnnCharLM extends RnnEstimator<RnnCharLMModel, RnnCharLM>
    implements HasTextParams {
  private static final long serialVersionUID = 1L;

  public RnnCharLM() {
    this(Identifiable.randomUID("rnnCharLM"));
  }

  public RnnCharLM(String uid) {
    super(uid, RnnParams.Group.TRAINING, RnnParams.Group.TEXT);
  }

  public RnnCharLM setInputCol(String v) {
    set(inputCol(), v);
    return this;
  }

  public RnnCharLM setWindowSize(int v) {
    set(windowSize(), v);
    return this;
  }

  public RnnCharLM setStride(int v) {
    set(stride(), v);
    return this;
  }

  public RnnCharLM setLogLossCol(String v) {
    set(logLossCol(), v);
    return this;
  }

  public RnnCharLM setPerplexityCol(String v) {
    set(perplexityCol(), v);
    return this;
  }

  @Override
  TrainingSet read(Dataset<?> dataset) {
    return TrainingSet.texts(dataset, getInputCol(), getWindowSize(), getStride(), getMaxLength(),
        getHandleInvalid().equals("keep"));
  }

  @Override
  RnnCharLMModel model(TrainedState trained) {
    return new RnnCharLMModel(uid(), trained);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return OutputColumns.languageModel(this, schema);
  }

  @Override
  public RnnCharLM copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<RnnCharLM> read() {
    return new DefaultParamsReader<>();
  }

  public static RnnCharLM load(String path) {
    return read().load(path);
  }
}
