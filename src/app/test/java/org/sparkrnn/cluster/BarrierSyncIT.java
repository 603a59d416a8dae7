package org.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spark.sync=barrier on a real standalone cluster (two workers, executors in their own JVMs, the
 * gradient sums crossing processes through the driver's exchange endpoint): the same model bit for
 * bit as one job per step, with segments cut by validations.
 */
class BarrierSyncIT {

  @Test
  void barrierSegmentsAcrossExecutorsGiveTheJobsModel(@TempDir Path dir) throws Exception {
    Path corpus = Launcher.corpus(dir, 800);
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2)) {
      String[] args = {"train", "--master", cluster.url(), "--quiet",
          "--set", "data.path=" + corpus, "--set", "model.cell=gru", "--set", "model.hidden=16",
          "--set", "data.window=16", "--set", "train.batch=8", "--set", "train.epochs=0",
          "--set", "train.steps=24", "--set", "spark.partitions=2",
          "--set", "output.validate_every=10"};
      Path jobs = dir.resolve("jobs");
      Launcher.run(dir.resolve("jobs.log"), Map.of(),
          ExecutorKillIT.with(args, "--set", "spark.sync=jobs", "--output", jobs.toString()));
      Path barrier = dir.resolve("barrier");
      Launcher.run(dir.resolve("barrier.log"), Map.of(),
          ExecutorKillIT.with(args, "--set", "spark.sync=barrier", "--output", barrier.toString()));

      assertEquals(24, Launcher.stepsDone(barrier));
      List<String> steps = Files.readAllLines(barrier.resolve("metrics.jsonl")).stream()
          .filter(l -> l.contains("\"loss\"") && l.contains("\"step_ms\"")).toList();
      assertEquals(24, steps.size(), "steps in metrics.jsonl");
      assertTrue(steps.stream().allMatch(l -> l.contains("\"sync\":\"barrier\"")),
          "a step did not run in a barrier segment:\n" + String.join("\n", steps));
      assertArrayEquals(Launcher.modelParams(jobs), Launcher.modelParams(barrier));
    }
  }
}
