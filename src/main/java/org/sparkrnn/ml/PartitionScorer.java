package org.sparkrnn.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;

/**
 * A model's transform, partition by partition where the rows are: one network per partition, the
 * parameters from a broadcast, rows scored in batches of {@code batch} with the project's forward
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
    Broadcast<double[]> w = JavaRDDs.context(df).broadcast(weights);
    JavaRDD<Row> rows = df.javaRDD().mapPartitionsWithIndex((i, it) -> score(it, w.value(), i),
        true);
    return df.sparkSession().createDataFrame(rows, out);
  }

  private Iterator<Row> score(Iterator<Row> rows, double[] weights, int partition) {
    Network net = Network.create(config);
    Params params = new Params(net.layout(), weights);
    return new Iterator<>() {
      private List<Row> pending = List.of();
      private int next;
      private long seen;

      @Override
      public boolean hasNext() {
        while (next >= pending.size() && rows.hasNext()) {
          List<Row> in = new ArrayList<>(batch);
          while (in.size() < batch && rows.hasNext()) {
            in.add(rows.next());
          }
          pending = scoreBatch(net, params, in, seen, partition);
          seen += in.size();
          next = 0;
        }
        return next < pending.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.get(next++);
      }
    };
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
