package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.diag.DiagnosticsConfig;
import org.sparkrnn.diag.StepDiagnostics;
import org.sparkrnn.diag.TrainingDiagnosticsTest;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.TrainConfig;

/** The diagnostics fields of metrics.jsonl from the Spark trainer, against LocalTrainer's. */
class DiagnosticsMetricsTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] FIELDS = {"flow", "flow_decay", "flow_ratio", "sigma_max",
      "spectral_radius", "saturated", "dead_relu"};

  private static List<JsonNode> metrics(Path dir) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void fieldsEveryNStepsMatchLocalTrainerWhateverThePartitions(@TempDir Path out) throws Exception {
    ModelConfig model = TrainingDiagnosticsTest.model(CellType.ELMAN).toBuilder().layers(2).build();
    List<Example> data = TrainingDiagnosticsTest.sequences(24, 30, 5);
    TrainConfig train = TrainConfig.builder().batchSize(8).epochs(0).maxSteps(9)
        .diagnostics(DiagnosticsConfig.every(4)).build();
    Params init = Initializer.initialize(model, InitConfig.defaults(), 11);
    List<StepDiagnostics> local = new ArrayList<>();
    new LocalTrainer(model, train).onDiagnostics(local::add).train(data, init.copy(), null);
    new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(3).withOutput(out.toString(), 0, 1))
        .train(SPARK.context().parallelize(data, 3), null, init);
    List<JsonNode> lines = metrics(out);
    assertEquals(9, lines.size());
    for (JsonNode r : lines) {
      long step = r.get("step").asLong();
      boolean due = step % 4 == 0;
      for (String f : FIELDS) {
        assertEquals(due, r.has(f), "step " + step + " field " + f + ": " + r);
      }
      assertTrue(r.has("clip_coef") && r.has("grad_norm") && r.has("clipped"), r.toString());
      assertEquals(0, r.get("bad_steps").asLong());
      if (!due) {
        continue;
      }
      StepDiagnostics d = local.get((int) step);
      assertEquals(2, r.get("flow").size());
      for (int l = 0; l < 2; l++) {
        JsonNode flow = r.get("flow").get(l);
        assertEquals(30, flow.size());
        for (int t = 0; t < 30; t++) {
          assertEquals(d.flow()[l][t], flow.get(t).asDouble(), 1e-9 * d.flow()[l][t]);
        }
        assertEquals(d.flowDecay()[l], r.get("flow_decay").get(l).asDouble(), 1e-9);
        assertEquals(d.flowRatio()[l], r.get("flow_ratio").get(l).asDouble(),
            1e-9 * d.flowRatio()[l]);
        assertEquals(d.sigmaMax()[l], r.get("sigma_max").get(l).asDouble(), 1e-9);
        assertEquals(d.spectralRadius()[l], r.get("spectral_radius").get(l).asDouble(), 1e-9);
        assertEquals(d.saturated()[l], r.get("saturated").get(l).asDouble(), 0);
        assertTrue(r.get("dead_relu").get(l).isNull(), "tanh nets have no dead ReLU fraction");
      }
    }
  }

  @Test
  void forcedWarningsReachTheFileAndTheConsole(@TempDir Path out) throws Exception {
    ModelConfig model = TrainingDiagnosticsTest.model(CellType.ELMAN);
    List<Example> data = TrainingDiagnosticsTest.sequences(16, 40, 6);
    // every gradient is above a norm of 1e-9, and a tanh net's ratio over 40 steps is below 0.5
    TrainConfig train = TrainConfig.builder().batchSize(8).epochs(0).maxSteps(4)
        .diagnostics(new DiagnosticsConfig(2, 0.5, 1e-9)).build();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
    new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(2).withOutput(out.toString(), 0, 1)
        .withProgress(ps)).train(SPARK.context().parallelize(data, 2),
        null, Initializer.initialize(model, InitConfig.defaults(), 1));
    List<JsonNode> lines = metrics(out);
    for (JsonNode r : lines) {
      JsonNode w = r.get("warnings");
      assertTrue(w != null && w.isArray(), r.toString());
      assertTrue(w.get(0).asText().startsWith("exploding: gradient norm "), w.toString());
      boolean vanishing = false;
      for (JsonNode s : w) {
        vanishing |= s.asText().startsWith("vanishing: layer 0");
      }
      assertEquals(r.get("step").asLong() % 2 == 0, vanishing, w.toString());
    }
    String text = console.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("warning at step 1: exploding: gradient norm"), text);
    assertTrue(text.contains("warning at step 1: vanishing: layer 0"), text);
    // rate-limited: the second exploding warning is not printed within 10 s
    assertFalse(text.contains("warning at step 2: exploding"), text);
  }
}
