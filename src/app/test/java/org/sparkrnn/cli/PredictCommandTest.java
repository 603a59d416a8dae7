package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkrnn.cli.TrainedRuns.MASTER;
import static org.sparkrnn.cli.TrainedRuns.oneLineError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.spark.Sparks;

/** predict: rows written with Spark SQL, read back by Spark; OUT all or nothing. */
class PredictCommandTest {
  @TempDir
  Path tmp;

  private static CliRun predict(Path model, Path data, Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("predict", "--master", MASTER,
        "--model", model.toString(), "--data", data.toString(), "--output", out.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(new String[0]));
  }

  /** Reads {@code dir} back with a Spark session of the test's own (stopped afterwards). */
  private static void readBack(Path dir, String format, Consumer<Dataset<Row>> check) {
    SparkSession spark = Sparks.session(MASTER, "predict-test");
    try {
      Dataset<Row> df = format.equals("csv")
          ? spark.read().option("header", "true").option("inferSchema", "true").csv(dir.toString())
          : spark.read().parquet(dir.toString());
      check.accept(df);
    } finally {
      spark.stop();
    }
  }

  /** Nothing beside {@code out} but what was there: no hidden temporary directory left. */
  private static void noLeftovers(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("." + out.getFileName())),
          "a temporary directory was left beside " + out);
    }
  }

  @Test
  void classifierCsvOneRowPerSequenceWithClassProbabilities() throws Exception {
    Path run = TrainedRuns.classifierRun();
    Path out = tmp.resolve("pred-csv");
    CliRun r = predict(run, run.getParent().resolve("classes.csv"), out);
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("wrote " + TrainedRuns.SEQUENCES + " rows"), r::toString);
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    noLeftovers(out);
    readBack(out, "csv", df -> {
      assertEquals(List.of("id", "label", "prediction", "prob_a", "prob_b", "prob_c"),
          List.of(df.columns()));
      List<Row> rows = df.orderBy("id").collectAsList();
      assertEquals(TrainedRuns.SEQUENCES, rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        assertEquals(i, ((Number) row.getAs("id")).longValue());
        assertEquals(new String[] {"a", "b", "c"}[i % 3], row.getAs("label")); // ids s000.. in order
        double[] p = {row.<Double>getAs("prob_a"), row.<Double>getAs("prob_b"), row.<Double>getAs("prob_c")};
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
        int best = p[1] > p[0] ? (p[2] > p[1] ? 2 : 1) : (p[2] > p[0] ? 2 : 0);
        assertEquals(new String[] {"a", "b", "c"}[best], row.getAs("prediction"));
      }
    });
  }

  @Test
  void languageModelParquetOneRowPerStep() throws Exception {
    Path out = tmp.resolve("pred-lm");
    CliRun r = predict(TrainedRuns.charRun(), TrainedRuns.corpus(), out, "--format", "parquet");
    assertEquals(0, r.code(), r::toString);
    String corpus = Files.readString(TrainedRuns.corpus());
    long lastStart = corpus.length() - 1 - 16;
    long windows = (lastStart - lastStart % 16) / 16 + 1;
    readBack(out, "parquet", df -> {
      assertEquals(List.of("id", "step", "label", "prediction", "probability"), List.of(df.columns()));
      assertEquals(windows * 16, df.count());
      Row first = df.where("id = 0 AND step = 0").first();
      assertEquals(String.valueOf(corpus.charAt(1)), first.getAs("label"));
      // step t of window w predicts character 16·w + t + 1
      Row later = df.where("id = 3 AND step = 5").first();
      char c = corpus.charAt(3 * 16 + 5 + 1);
      assertEquals(c == '\n' ? "\\n" : String.valueOf(c), later.getAs("label"));
    });
  }

  @Test
  void regressionTargetAndPrediction() {
    Path run = TrainedRuns.regressionRun();
    Path out = tmp.resolve("pred-reg");
    CliRun r = predict(run, run.getParent().resolve("targets.csv"), out, "--format", "parquet");
    assertEquals(0, r.code(), r::toString);
    readBack(out, "parquet", df -> {
      assertEquals(List.of("id", "target", "prediction"), List.of(df.columns()));
      assertEquals(TrainedRuns.SEQUENCES, df.count());
    });
  }

  @Test
  void existingOutputIsRefusedAndLeftAlone() throws Exception {
    Path out = tmp.resolve("taken");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "mine");
    Path run = TrainedRuns.classifierRun();
    CliRun r = oneLineError(2, "predict", "--master", MASTER, "--model", run.toString(), "--data",
        run.getParent().resolve("classes.csv").toString(), "--output", out.toString());
    assertTrue(r.err().contains(out.toString()) && r.err().contains("--overwrite"), r::toString);
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of(out.resolve("keep.txt")), s.toList());
    }
    noLeftovers(out);

    CliRun again = predict(run, run.getParent().resolve("classes.csv"), out, "--overwrite");
    assertEquals(0, again.code(), again::toString);
    assertFalse(Files.exists(out.resolve("keep.txt")));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    noLeftovers(out);
  }

  @Test
  void widthMismatchWritesNothing() throws Exception {
    Path out = tmp.resolve("never");
    Path wide = TrainedRuns.sequences("predict-wide.csv", 3, -1, false);
    CliRun r = oneLineError(1, "predict", "--master", MASTER, "--model",
        TrainedRuns.classifierRun().toString(), "--data", wide.toString(), "--output", out.toString());
    assertTrue(r.err().contains("3 features per step, the model reads 2"), r::toString);
    assertFalse(Files.exists(out));
    noLeftovers(out);
  }

  @Test
  void vocabularyMismatchWritesNothing() throws Exception {
    Path out = tmp.resolve("never-lm");
    Path csv = TrainedRuns.sequences("predict-for-char.csv", 2, -1, false);
    CliRun r = oneLineError(1, "predict", "--master", MASTER, "--model",
        TrainedRuns.charRun().toString(), "--data", csv.toString(), "--output", out.toString());
    assertTrue(r.err().contains("not in the model's vocabulary"), r::toString);
    assertFalse(Files.exists(out));
    noLeftovers(out);
  }

  @Test
  void truncatedModel() throws Exception {
    Path broken = TrainedRuns.truncatedModel(TrainedRuns.classifierRun());
    Path out = tmp.resolve("never-broken");
    CliRun r = oneLineError(1, "predict", "--model", broken.resolve("model").toString(), "--data",
        TrainedRuns.corpus().toString(), "--output", out.toString());
    assertTrue(r.err().contains("checksum mismatch"), r::toString);
    assertFalse(Files.exists(out));
  }

  @Test
  void badFormat() {
    CliRun r = oneLineError(2, "predict", "--model", "m", "--data", "d", "--output", "o",
        "--format", "json");
    assertTrue(r.err().contains("'json'"), r::toString);
  }
}
