package org.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.cli.CliRun;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.spark.Sparks;

/**
 * The estimators train through the same trainer as {@code spark-rnn train}: the same data, settings
 * and seed give the same parameters (≤ 1e-9 relative; the CLI run starts and stops its own
 * session, so each test uses sessions of its own).
 */
class CliEquivalenceTest {
  static final String MASTER = "local[2]";

  @TempDir
  Path tmp;

  @Test
  void classifierEqualsCliTrain() throws IOException {
    String data = tmp.resolve("sequences.parquet").toString();
    SparkSession spark = Sparks.session(MASTER, "spark-rnn-ml-cli-test");
    try {
      MlData.frame(spark, MlData.classes(90, 41), MlData.DENSE).coalesce(1).write().parquet(data);
    } finally {
      spark.stop();
    }
    String saved = tmp.resolve("ml-model").toString();
    double accuracy;
    ModelBundle cli = cliTrain("classifier", "data.path=" + data, "data.kind=sequences",
        "data.layout=sequence", "data.validation_fraction=0", "model.cell=lstm", "model.hidden=6",
        "train.epochs=2", "train.batch=8", "train.lr=0.01", "train.seed=7", "train.clip=norm",
        "train.clip_threshold=0.5", "spark.partitions=2");
    spark = Sparks.session(MASTER, "spark-rnn-ml-cli-test");
    try {
      RnnClassificationModel ml = new RnnClassifier().setCellType("lstm").setHiddenSize(6)
          .setEpochs(2).setBatchSize(8).setStepSize(0.01).setSeed(7).setClipNorm(0.5)
          .setNumPartitions(2).fit(spark.read().parquet(data));
      assertEquals(cli.model(), ml.modelConfig());
      assertEquals("24", ml.bundle().provenance().get("steps")); // 2 epochs of ⌈90 / 8⌉ steps
      compare("classifier (LSTM)", cli.params().data(), ml.weights());
      accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
          .evaluate(ml.transform(spark.read().parquet(data)));
      ml.write().save(saved);
    } finally {
      spark.stop();
    }
    // the model directory under a saved ML model is one the CLI reads
    CliRun evaluate = CliRun.of("evaluate", "--master", MASTER, "--json", "--model",
        saved + "/model", "--data", data);
    assertEquals(0, evaluate.code(), evaluate::toString);
    JsonNode j = new ObjectMapper().readTree(evaluate.out());
    assertEquals(90, j.get("items").asLong());
    assertEquals(accuracy, j.get("accuracy").asDouble(), 1e-12);
  }

  @Test
  void languageModelEqualsCliTrain() throws IOException {
    StringBuilder sb = new StringBuilder();
    Random r = new Random(5);
    String[] words = {"the ", "cat ", "sat ", "on ", "a ", "mat.\n"};
    for (int i = 0; i < 120; i++) {
      sb.append(words[r.nextInt(words.length)]);
    }
    String text = sb.toString();
    Path file = tmp.resolve("corpus.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    ModelBundle cli = cliTrain("lm", "data.path=" + file, "data.kind=char_lm", "data.window=12",
        "data.stride=5", "data.validation_fraction=0", "model.cell=gru", "model.hidden=7",
        "train.epochs=1", "train.batch=6", "train.lr=0.02", "train.seed=3", "spark.partitions=2");
    SparkSession spark = Sparks.session(MASTER, "spark-rnn-ml-cli-test");
    try {
      StructType schema = new StructType().add("text", DataTypes.StringType);
      RnnCharLMModel ml = new RnnCharLM().setWindowSize(12).setStride(5).setCellType("gru")
          .setHiddenSize(7).setEpochs(1).setBatchSize(6).setStepSize(0.02).setSeed(3)
          .setNumPartitions(2)
          .fit(spark.createDataFrame(List.of(RowFactory.create(text)), schema));
      assertEquals(cli.model(), ml.modelConfig());
      assertEquals(cli.provenance().get("data.vocab.chars"), ml.vocabulary());
      assertEquals(cli.provenance().get("steps"), ml.bundle().provenance().get("steps"));
      assertTrue(Long.parseLong(ml.bundle().provenance().get("steps")) > 10);
      compare("char LM (GRU)", cli.params().data(), ml.weights());
    } finally {
      spark.stop();
    }
  }

  private ModelBundle cliTrain(String name, String... sets) throws IOException {
    Path out = tmp.resolve("run-" + name);
    List<String> args = new ArrayList<>(List.of("train", "--master", MASTER, "--quiet",
        "--output", out.toString()));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    CliRun run = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, run.code(), run::toString);
    return ModelFiles.load(out.resolve("model"));
  }

  private static void compare(String what, double[] cli, double[] ml) {
    assertEquals(cli.length, ml.length);
    double worst = 0;
    boolean identical = true;
    for (int i = 0; i < cli.length; i++) {
      worst = Math.max(worst, Math.abs(cli[i] - ml[i]) / Math.max(1e-3, Math.abs(cli[i])));
      identical &= Double.doubleToLongBits(cli[i]) == Double.doubleToLongBits(ml[i]);
    }
    System.out.printf("ml: %s vs spark-rnn train: %d parameters, max relative difference %.3g, "
        + "bit-identical %s%n", what, cli.length, worst, identical);
    assertTrue(worst <= 1e-9, what + ": max relative difference " + worst);
  }
}
