package org.sparkrnn.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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

  PartitionScorer(ModelConfig config, int batch) {
    this.config = config;
    this.batch = batch;
  }

  /** Scores one batch: an output row per input row, in order. {@code first}: index of rows[0]. */
  abstract List<Row> scoreBatch(Network net, Params params, List<Row> rows, long first,
      int partition);

  /** The scored Dataset with schema {@code out} (the input's columns, then the new ones). */
  Dataset<Row> transform(Dataset<?> input, StructType out, double[] weights) {
    Dataset<Row> df = input.toDF();
    JavaRDD<Row> rows = Inference.rows(df.javaRDD(), config, weights, batch, this::scoreBatch);
    return df.sparkSession().createDataFrame(rows, out);
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

  static String where(String param, String column, long row, int partition) {
    return param + " '" + column + "', row " + row + " of partition " + partition;
  }
}
