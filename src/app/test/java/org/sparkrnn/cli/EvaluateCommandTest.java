package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkrnn.cli.TrainedRuns.MASTER;
import static org.sparkrnn.cli.TrainedRuns.oneLineError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** evaluate: metrics per task, distributed over a real local[2] Spark; one-line errors. */
class EvaluateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CliRun evaluate(Path model, Path data, String... more) {
    String[] args = concat(new String[] {"evaluate", "--master", MASTER, "--model", model.toString(),
        "--data", data.toString()}, more);
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
    return r;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static JsonNode json(CliRun r) throws Exception {
    assertEquals(1, r.outLines().size(), r::toString);
    return JSON.readTree(r.out());
  }

  @Test
  void languageModelLossPerplexityAndBitsPerChar() throws Exception {
    Path run = TrainedRuns.charRun();
    CliRun text = evaluate(run, TrainedRuns.corpus());
    assertTrue(text.out().contains("nats/token"), text::toString);
    assertTrue(text.out().contains("perplexity"), text::toString);
    assertTrue(text.out().contains("bits/char"), text::toString);

    JsonNode j = json(evaluate(run.resolve("model"), TrainedRuns.corpus(), "--json"));
    assertEquals("language_model", j.get("task").asText());
    double loss = j.get("loss").asDouble();
    assertTrue(loss > 0 && loss < Math.log(30), j::toString); // below a uniform guess
    assertEquals(Math.exp(loss), j.get("perplexity").asDouble(), 1e-9);
    assertEquals(loss / Math.log(2), j.get("bits_per_char").asDouble(), 1e-9);
    String corpus = java.nio.file.Files.readString(TrainedRuns.corpus());
    // windows of 16 tile the file every 16 characters; each predicts its 16 next characters
    long lastStart = corpus.length() - 1 - 16;
    long windows = (lastStart - lastStart % 16) / 16 + 1;
    assertEquals(windows, j.get("examples").asLong(), j::toString);
    assertEquals(windows * 16, j.get("items").asLong(), j::toString);
    assertTrue(text.out().contains(String.format(java.util.Locale.ROOT, "%.4f", loss)), text::toString);
  }

  @Test
  void wordModelReportsBitsPerWord() throws Exception {
    JsonNode j = json(evaluate(TrainedRuns.wordRun(), TrainedRuns.corpus(), "--json"));
    assertEquals("word_lm", j.get("kind").asText());
    assertTrue(j.has("bits_per_word"), j::toString);
  }

  @Test
  void classifierAccuracyPrecisionRecallAndConfusion() throws Exception {
    Path run = TrainedRuns.classifierRun();
    Path data = run.getParent().resolve("classes.csv");
    CliRun text = evaluate(run, data);
    assertTrue(text.out().contains("accuracy"), text::toString);
    assertTrue(text.out().contains("confusion matrix"), text::toString);
    assertTrue(text.out().matches("(?s).*\\nclass\\s+precision\\s+recall\\s+support\\n.*"), text::toString);
    for (String c : new String[] {"a", "b", "c"}) {
      assertTrue(text.out().matches("(?s).*\\n" + c + " .*"), text::toString);
    }

    JsonNode j = json(evaluate(run, data, "--json"));
    assertEquals("classification", j.get("task").asText());
    assertEquals(TrainedRuns.SEQUENCES, j.get("items").asLong());
    assertEquals("[\"a\",\"b\",\"c\"]", j.get("classes").toString());
    long total = 0;
    long diagonal = 0;
    for (int i = 0; i < 3; i++) {
      long support = 0;
      for (int k = 0; k < 3; k++) {
        long n = j.get("confusion").get(i).get(k).asLong();
        total += n;
        support += n;
        diagonal += i == k ? n : 0;
      }
      assertEquals(support, j.get("support").get(j.get("classes").get(i).asText()).asLong());
    }
    assertEquals(TrainedRuns.SEQUENCES, total);
    assertEquals(diagonal / (double) total, j.get("accuracy").asDouble(), 1e-12);
  }

  @Test
  void regressionMseAndMae() throws Exception {
    Path run = TrainedRuns.regressionRun();
    JsonNode j = json(evaluate(run, run.getParent().resolve("targets.csv"), "--json"));
    assertEquals("regression", j.get("task").asText());
    double mse = j.get("mse").asDouble();
    double mae = j.get("mae").asDouble();
    assertTrue(mse > 0 && mae > 0 && mae * mae <= mse + 1e-12, j::toString);
    assertEquals(mse, j.get("loss").asDouble(), 1e-9); // identity+mse: loss per value is the MSE
  }

  @Test
  void missingModelDirectory() {
    Path nowhere = TrainedRuns.root().resolve("no-such-run");
    CliRun r = oneLineError(2, "evaluate", "--model", nowhere.toString(), "--data",
        TrainedRuns.corpus().toString());
    assertTrue(r.err().contains(nowhere.toString()), r::toString);
  }

  @Test
  void directoryWithoutModel() {
    CliRun r = oneLineError(2, "evaluate", "--model", TrainedRuns.root().toString(), "--data",
        TrainedRuns.corpus().toString());
    assertTrue(r.err().contains("holds no model"), r::toString);
  }

  @Test
  void truncatedTensorsFailWithTheChecksum() throws Exception {
    Path broken = TrainedRuns.truncatedModel(TrainedRuns.charRun());
    CliRun r = oneLineError(1, "evaluate", "--model", broken.toString(), "--data",
        TrainedRuns.corpus().toString());
    assertTrue(r.err().contains("checksum mismatch"), r::toString);
    assertTrue(r.err().contains("tensors.safetensors"), r::toString);
  }

  @Test
  void missingData() {
    CliRun r = oneLineError(2, "evaluate", "--model", TrainedRuns.charRun().toString(), "--data",
        TrainedRuns.root().resolve("nothing.txt").toString());
    assertTrue(r.err().contains("--data") && r.err().contains("nothing.txt"), r::toString);
  }

  @Test
  void characterModelOnCsvNamesTheCharacter() {
    Path csv = TrainedRuns.sequences("for-char-model.csv", 2, -1, false);
    CliRun r = oneLineError(1, "evaluate", "--master", MASTER, "--model",
        TrainedRuns.charRun().toString(), "--data", csv.toString());
    assertTrue(r.err().contains("for-char-model.csv"), r::toString);
    assertTrue(r.err().contains("not in the model's vocabulary"), r::toString);
  }

  @Test
  void unknownCharactersCanBeSkipped(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String corpus = java.nio.file.Files.readString(TrainedRuns.corpus());
    Path odd = java.nio.file.Files.writeString(dir.resolve("odd.txt"), "\u00e9\u00e9" + corpus);
    CliRun failed = oneLineError(1, "evaluate", "--master", MASTER, "--model",
        TrainedRuns.charRun().toString(), "--data", odd.toString());
    assertTrue(failed.err().contains("odd.txt"), failed::toString);
    JsonNode j = json(evaluate(TrainedRuns.charRun(), odd, "--json", "--unknown", "skip"));
    assertTrue(j.get("loss").asDouble() > 0, j::toString);
  }

  @Test
  void featureWidthMismatch() {
    Path wide = TrainedRuns.sequences("wide.csv", 3, -1, false);
    CliRun r = oneLineError(1, "evaluate", "--master", MASTER, "--model",
        TrainedRuns.classifierRun().toString(), "--data", wide.toString());
    assertTrue(r.err().contains("3 features per step, the model reads 2"), r::toString);
    assertTrue(r.err().contains("wide.csv"), r::toString);
  }

  @Test
  void labelOutsideTheKnownClasses() {
    Path bad = TrainedRuns.sequences("bad-label.csv", 2, 5, false);
    CliRun r = oneLineError(1, "evaluate", "--master", MASTER, "--model",
        TrainedRuns.classifierRun().toString(), "--data", bad.toString());
    assertTrue(r.err().contains("'zzz'") && r.err().contains("bad-label.csv"), r::toString);
  }
}
