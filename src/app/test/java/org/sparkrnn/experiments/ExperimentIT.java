package org.sparkrnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow tier: the adding experiment at a tiny size, run as a user runs it (jobs/spark-rnn in its own
 * process, the shipped conf/experiments/adding.conf with --set overrides): every variant's row has
 * finite numbers, and every run has its model and report.
 */
class ExperimentIT {

  @Test
  void theAddingExperimentRunsEndToEndAtATinySize(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("adding");
    Path log = dir.resolve("experiment.log");
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("jobs", "spark-rnn").toAbsolutePath().toString(),
        "experiment", "adding", "--output", out.toString(),
        "--set", "experiment.lengths=8,12", "--set", "experiment.train_size=96",
        "--set", "experiment.validation_size=32", "--set", "train.steps=6",
        "--set", "output.validate_every=3", "--set", "train.diagnostics.every=3")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out\n" + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), () -> readQuietly(log));

    String md = Files.readString(out.resolve("results.md"));
    List<String> rows = md.lines().filter(l -> l.matches("\\| (tanh|irnn|lstm|gru) \\|.*")).toList();
    assertEquals(8, rows.size(), md); // 4 variants × 2 lengths
    for (String row : rows) {
      String[] c = row.split("\\|");
      // | variant | T | steps | final train | final val | best val (step) | < 0.01 | wall s | status |
      assertEquals("6", c[3].strip(), row);
      for (int i : new int[] {4, 5, 8}) {
        double v = Double.parseDouble(c[i].strip());
        assertTrue(Double.isFinite(v) && v >= 0, row);
      }
      double best = Double.parseDouble(c[6].strip().split(" ")[0]);
      assertTrue(Double.isFinite(best), row);
      assertEquals("ok", c[9].strip(), row);
    }
    for (String variant : new String[] {"tanh", "irnn", "lstm", "gru"}) {
      for (int t : new int[] {8, 12}) {
        Path run = out.resolve("runs").resolve(variant + "-T" + t);
        assertTrue(Files.isRegularFile(run.resolve("model/model.json")), run.toString());
        assertTrue(Files.size(run.resolve("report/index.html")) > 1000, run.toString());
      }
    }
    String index = Files.readString(out.resolve("index.html"));
    assertTrue(index.contains("runs/lstm-T12/report/index.html"), index);
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
