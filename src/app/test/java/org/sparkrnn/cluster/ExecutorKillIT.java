package org.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real standalone cluster (a master and two workers, separate JVMs), SIGKILL one executor
 * while training runs, one job per step or in barrier segments: the job still finishes, and its
 * model equals the undisturbed run's.
 */
class ExecutorKillIT {

  @Test
  void trainingSurvivesAKilledExecutorWithTheSameModel(@TempDir Path dir) throws Exception {
    // 4 partitions on 2 task slots: one job per step
    killAnExecutorMidRun(dir, 4, 24, 30, 10, 0, "job");
  }

  @Test
  void aBarrierSegmentSurvivesAKilledExecutorWithTheSameModel(@TempDir Path dir) throws Exception {
    // 2 partitions on 2 slots: barrier segments (steps of ~40 ms here, a segment ends at a
    // checkpoint or after 5 s); the kill comes 1 s into the second, which Spark then reruns
    killAnExecutorMidRun(dir, 2, 64, 300, 100, 1000, "barrier");
  }

  /**
   * Trains undisturbed, then again with worker 2's executor killed {@code killDelayMs} after the
   * first steps are logged.
   */
  static void killAnExecutorMidRun(Path dir, int partitions, int hidden, int steps,
      int checkpointEvery, long killDelayMs, String sync) throws Exception {
    Path corpus = Launcher.corpus(dir, 1500);
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2)) {
      String[] args = {"train", "--master", cluster.url(), "--quiet",
          "--set", "data.path=" + corpus, "--set", "model.cell=lstm", "--set", "model.hidden=" + hidden,
          "--set", "data.window=24", "--set", "train.batch=16", "--set", "train.epochs=0",
          "--set", "train.steps=" + steps, "--set", "spark.partitions=" + partitions,
          "--set", "output.checkpoint_every=" + checkpointEvery,
          "--set", "output.validate_every=0"};
      Path calm = dir.resolve("calm");
      Launcher.run(dir.resolve("calm.log"), Map.of(), with(args, "--output", calm.toString()));

      Path hit = dir.resolve("hit");
      Process p = Launcher.start(dir.resolve("hit.log"), Map.of(), with(args, "--output", hit.toString()));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (Launcher.stepsDone(hit) < 8 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(killDelayMs);
      Optional<ProcessHandle> victim = cluster.anyExecutor(1);
      assertTrue(victim.isPresent(), "worker 2 runs no executor");
      long stepsAtKill = Launcher.stepsDone(hit);
      assertTrue(p.isAlive() && stepsAtKill < steps, "the run ended before the kill: " + stepsAtKill);
      assertTrue(victim.get().destroyForcibly(), "SIGKILL the executor");
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the training job did not finish");
      String log = Files.readString(dir.resolve("hit.log"));
      Files.createDirectories(Path.of("target", "it-logs"));
      Files.writeString(Path.of("target", "it-logs", "executor-kill-" + sync + "-driver.log"), log);
      assertEquals(0, p.exitValue(), log);
      assertTrue(log.contains("Lost executor") || log.contains("ExecutorLostFailure"),
          "the driver did not see the executor go:\n" + log);
      if (sync.equals("barrier")) {
        assertTrue(log.contains("Lost task"), "the kill missed the running segment:\n" + log);
        assertTrue(log.contains("running them as one job per step"), log);
        // a number to report, not to assert: with spark.locality.wait at Spark's 3 s, every
        // segment after the loss waited that long for the lost executor's cached shard
        System.out.println("executor kill at step " + stepsAtKill + ", barrier segment start "
            + "and end (step: ms): " + segmentTimes(hit.resolve("metrics.jsonl")));
      }
      assertTrue(!victim.get().isAlive(), "the executor was killed");
      assertEquals(steps, Launcher.stepsDone(hit));
      assertTrue(Files.readString(hit.resolve("metrics.jsonl")).contains("\"sync\":\"" + sync + "\""),
          "the steps did not run as " + sync);
      double err = Launcher.relativeError(Launcher.modelParams(hit), Launcher.modelParams(calm));
      assertTrue(err <= 1e-9, "model after the executor loss differs by " + err);
    }
  }

  /** "step: segment_ms" of every barrier segment's first step in a metrics.jsonl. */
  static String segmentTimes(Path metrics) throws IOException {
    Pattern step = Pattern.compile("\"step\":(\\d+)");
    Pattern ms = Pattern.compile("\"segment_ms\":([0-9.Ee+-]+)");
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(metrics)) {
      Matcher m = ms.matcher(line);
      Matcher s = step.matcher(line);
      if (m.find() && s.find()) {
        out.add(s.group(1) + ": " + Math.round(Double.parseDouble(m.group(1))));
      }
    }
    return String.join(", ", out);
  }

  static String[] with(String[] args, String... more) {
    String[] out = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, out, args.length, more.length);
    return out;
  }
}
