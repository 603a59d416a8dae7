package org.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real standalone cluster (a master and two workers, separate JVMs), SIGKILL one executor
 * while training runs: the job still finishes, and its model equals the undisturbed run's.
 */
class ExecutorKillIT {

  @Test
  void trainingSurvivesAKilledExecutorWithTheSameModel(@TempDir Path dir) throws Exception {
    Path corpus = Launcher.corpus(dir, 1500);
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2)) {
      String[] args = {"train", "--master", cluster.url(), "--quiet",
          "--set", "data.path=" + corpus, "--set", "model.cell=lstm", "--set", "model.hidden=24",
          "--set", "data.window=24", "--set", "train.batch=16", "--set", "train.epochs=0",
          "--set", "train.steps=30", "--set", "spark.partitions=4",
          "--set", "output.checkpoint_every=10", "--set", "output.validate_every=0"};
      Path calm = dir.resolve("calm");
      Launcher.run(dir.resolve("calm.log"), Map.of(), with(args, "--output", calm.toString()));

      Path hit = dir.resolve("hit");
      Process p = Launcher.start(dir.resolve("hit.log"), Map.of(), with(args, "--output", hit.toString()));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (Launcher.stepsDone(hit) < 8 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Optional<ProcessHandle> victim = cluster.anyExecutor(1);
      assertTrue(victim.isPresent(), "worker 2 runs no executor");
      long stepsAtKill = Launcher.stepsDone(hit);
      assertTrue(p.isAlive() && stepsAtKill < 30, "the run ended before the kill: " + stepsAtKill);
      assertTrue(victim.get().destroyForcibly(), "SIGKILL the executor");
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the training job did not finish");
      String log = Files.readString(dir.resolve("hit.log"));
      Files.createDirectories(Path.of("target", "it-logs"));
      Files.writeString(Path.of("target", "it-logs", "executor-kill-driver.log"), log);
      assertEquals(0, p.exitValue(), log);
      assertTrue(log.contains("Lost executor") || log.contains("ExecutorLostFailure"),
          "the driver did not see the executor go:\n" + log);
      assertTrue(!victim.get().isAlive(), "the executor was killed");
      assertEquals(30, Launcher.stepsDone(hit));
      double err = Launcher.relativeError(Launcher.modelParams(hit), Launcher.modelParams(calm));
      assertTrue(err <= 1e-9, "model after the executor loss differs by " + err);
    }
  }

  static String[] with(String[] args, String... more) {
    String[] out = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, out, args.length, more.length);
    return out;
  }
}
