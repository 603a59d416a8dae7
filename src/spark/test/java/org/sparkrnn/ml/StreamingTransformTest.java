package org.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.spark.LocalSpark;

/**
 * Every fitted model transforms a streaming DataFrame (file source → model → memory sink) and
 * gives, row by row, what it gives on the same files read as a batch.
 */
class StreamingTransformTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  @TempDir
  Path tmp;

  @Test
  void classifierOnAStream() throws Exception {
    Dataset<Row> train = MlData.frame(SPARK.session(), MlData.classes(60, 1), MlData.DENSE);
    RnnClassificationModel model = new RnnClassifier().setHiddenSize(6).setEpochs(2)
        .setBatchSize(16).setNumPartitions(2).setSeed(3).fit(train);
    sameOnStreamAsBatch(model,
        MlData.frame(SPARK.session(), MlData.classes(25, 2), MlData.DENSE), "id");
  }

  @Test
  void regressorOnAStream() throws Exception {
    Dataset<Row> train = MlData.frame(SPARK.session(), MlData.means(60, 3), MlData.DENSE);
    RnnRegressionModel model = new RnnRegressor().setHiddenSize(6).setEpochs(2)
        .setBatchSize(16).setNumPartitions(2).setSeed(3).fit(train);
    sameOnStreamAsBatch(model,
        MlData.frame(SPARK.session(), MlData.means(25, 4), MlData.DENSE), "id");
  }

  @Test
  void charLanguageModelOnAStream() throws Exception {
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("text", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(RowFactory.create((long) i, "abcdabcdabcd".substring(i % 4) + "dcba"));
    }
    Dataset<Row> texts = SPARK.session().createDataFrame(rows, schema);
    RnnCharLMModel model = new RnnCharLM().setWindowSize(6).setHiddenSize(6).setEpochs(2)
        .setBatchSize(8).setNumPartitions(2).fit(texts);
    sameOnStreamAsBatch(model, texts, "id");
  }

  /**
   * Writes {@code data} as Parquet files, scores them once as a stream into a memory sink and
   * once as a batch, and compares the two row by row (ordered by {@code idCol}).
   */
  private void sameOnStreamAsBatch(Transformer model, Dataset<Row> data, String idCol)
      throws StreamingQueryException, TimeoutException {
    SparkSession spark = SPARK.session();
    String dir = tmp.resolve("in").toString();
    data.repartition(3).write().parquet(dir);
    Dataset<Row> stream = spark.readStream().schema(data.schema()).parquet(dir);
    assertTrue(stream.isStreaming());
    Dataset<Row> scoredStream = model.transform(stream);
    assertTrue(scoredStream.isStreaming());
    String table = "scored_" + model.uid().replace('-', '_');
    StreamingQuery query = scoredStream.writeStream().format("memory").queryName(table)
        .outputMode("append").start();
    try {
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    List<Row> streamed = spark.table(table).orderBy(idCol).collectAsList();
    List<Row> batch = model.transform(spark.read().parquet(dir)).orderBy(idCol).collectAsList();
    assertEquals(data.count(), batch.size());
    assertEquals(batch.size(), streamed.size());
    assertEquals(model.transform(spark.read().parquet(dir)).schema(), spark.table(table).schema());
    for (int i = 0; i < batch.size(); i++) {
      Row b = batch.get(i);
      Row s = streamed.get(i);
      for (int f = 0; f < b.size(); f++) {
        sameValue(b.get(f), s.get(f), "row " + i + " column " + b.schema().fieldNames()[f]);
      }
    }
  }

  /** Equal, numbers to 1e-12 relative (a batch's products may group rows differently). */
  private static void sameValue(Object batch, Object stream, String where) {
    if (batch instanceof Double a && stream instanceof Double b) {
      assertEquals(a, b, 1e-12 * Math.max(1, Math.abs(a)), where);
    } else if (batch instanceof Vector a && stream instanceof Vector b) {
      assertEquals(a.size(), b.size(), where);
      for (int k = 0; k < a.size(); k++) {
        assertEquals(a.apply(k), b.apply(k), 1e-12 * Math.max(1, Math.abs(a.apply(k))), where);
      }
    } else {
      assertEquals(batch, stream, where);
    }
  }
}
