package org.sparkrnn.ml;

import java.util.Arrays;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link RnnCharLM}. transform adds {@code logLoss}: the mean negative log-likelihood in
 * nats of each of the row's characters after the first given those before it (the whole row read
 * from a zero state, not windowed), and {@code perplexity} = exp(logLoss); both null for a row
 * with fewer than 2 characters. A row with a character outside the vocabulary fails naming the
 * row, is dropped (handleInvalid=skip) or reads it as U+FFFD (keep; see {@link InvalidRows}).
 */
public final class RnnCharLMModel extends RnnModel<RnnCharLMModel> implements HasTextParams {
  private static final long serialVersionUID = 1L;

  RnnCharLMModel(String uid, TrainedState trained) {
    super(uid, trained, RnnParams.Group.TRAINING, RnnParams.Group.TEXT);
  }

  /** The vocabulary: every character the model knows, in id order. */
  public String vocabulary() {
    return dataSpec().chars().asString();
  }

  public RnnCharLMModel setInputCol(String v) {
    set(inputCol(), v);
    return this;
  }

  public RnnCharLMModel setLogLossCol(String v) {
    set(logLossCol(), v);
    return this;
  }

  public RnnCharLMModel setPerplexityCol(String v) {
    set(perplexityCol(), v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return OutputColumns.languageModel(this, schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    String col = getInputCol();
    TextScorer scorer = new TextScorer(modelConfig(), getBatchSize(),
        InvalidRows.of(getHandleInvalid(), dataSpec().chars(), dataset.schema(), getIdCol()),
        Arrays.asList(dataset.schema().fieldNames()).indexOf(col), col, dataSpec().chars(),
        !getLogLossCol().isEmpty(), !getPerplexityCol().isEmpty());
    return scorer.transform(dataset, out, bundle().params().data());
  }

  @Override
  public RnnCharLMModel copy(ParamMap extra) {
    return copyValues(new RnnCharLMModel(uid(), trained()), extra).setParent(parent());
  }

  public static MLReader<RnnCharLMModel> read() {
    return new RnnModelReader<>(RnnCharLMModel.class, RnnCharLMModel::new);
  }

  public static RnnCharLMModel load(String path) {
    return read().load(path);
  }
}
