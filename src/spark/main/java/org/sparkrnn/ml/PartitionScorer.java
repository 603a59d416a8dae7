package org.sparkrnn.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.spark.Inference;

/**
 * A model's transform, partition by partition where the rows are, on the one inference path
 * ({@link Inference#rows}): rows scored in batches of {@code batch} with the project's forward
 * pass, each output row the input row followed by the new columns.
 */
abstract class PartitionScorer implements Serializable {
  private static final long serialVersionUID = 1L;
  final ModelConfig config;
  final int batch;
  final InvalidRows invalid;

  PartitionScorer(ModelConfig config, int batch, InvalidRows invalid) {
    this.config = config;
    this.batch = batch;
    this.invalid = invalid;
  }

  /**
   * Scores one batch: an output row per input row, in order, but none for a row that
   * {@link #invalid} drops. {@code first}: index of rows[0] in the partition.
   */
  abstract List<Row> scoreBatch(Network net, Params params, List<Row> rows, long first,
      int partition);

  /**
   * The scored Dataset with schema {@code out} (the input's columns, then the new ones). It stays
   * a Dataset (mapPartitions with a row encoder), so a streaming input gives a streaming result.
   */
  Dataset<Row> transform(Dataset<?> input, StructType out, double[] weights) {
    Dataset<Row> df = input.toDF();
    Broadcast<double[]> w = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext())
        .broadcast(weights);
    ModelConfig model = config;
    int size = batch;
    Inference.Rows<Row, Row> score = this::scoreBatch;
    Dataset<Row> scored = df.mapPartitions((MapPartitionsFunction<Row, Row>) it ->
        Inference.rows(it, model, w.value(), size, TaskContext.getPartitionId(), score),
        Encoders.row(out));
    // the encoder keeps the types, not the columns' metadata (e.g. the prediction's classes)
    Column[] columns = new Column[out.fields().length];
    for (int i = 0; i < columns.length; i++) {
      StructField f = out.fields()[i];
      columns[i] = TrainingSet.column(f.name()).as(f.name(), f.metadata());
    }
    return scored.select(columns);
  }

  /** The input row's values followed by {@code extra}. */
  static Row append(Row r, Object... extra) {
    Object[] v = new Object[r.size() + extra.length];
    for (int i = 0; i < r.size(); i++) {
      v[i] = r.get(i);
    }
    System.arraycopy(extra, 0, v, r.size(), extra.length);
    return org.apache.spark.sql.RowFactory.create(v);
  }

}
