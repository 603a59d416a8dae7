package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.diag.DiagnosticsConfig;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.TrainingDivergedException;

/**
 * spark.sync=barrier (many steps per barrier job, gradient sums all-gathered between the tasks)
 * against spark.sync=jobs (one job per step), in a real local[3] SparkSession: the same model bit
 * for bit, whatever the segments' lengths.
 */
class BarrierSyncTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[3]");

  /** An LSTM over truncated windows (carried state), with dropout, Adam and clipping. */
  static ModelConfig model() {
    return ModelConfig.builder().cell(CellType.LSTM).vocabSize(7).hiddenSize(10).outputSize(7)
        .truncateSteps(4).dropout(0.2).build();
  }

  static TrainConfig.Builder train() {
    return SparkTrainerTest.train().optimizer("adam").window(6).maxSteps(0).epochs(2);
  }

  static SparkTrainer.Result run(SyncMode sync, TrainConfig train, Path out, long segmentNanos,
      boolean resume) {
    List<Example> data = SparkTrainerTest.corpus(41, 3);
    Params init = Initializer.initialize(model(), InitConfig.defaults(), 6);
    SparkRunOptions opts = SparkRunOptions.of(3).withSync(sync).withValidation(4)
        .withOutput(out.toString(), 5, 10).withResume(resume);
    return new SparkTrainer(SPARK.context(), model(), train, opts).segmentNanos(segmentNanos)
        .train(SPARK.context().parallelize(data, 2), SPARK.context().parallelize(data.subList(0, 9), 2), init);
  }

  /** How each step ran, from metrics.jsonl ("job" or "barrier"). */
  static List<String> syncs(Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> syncs = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      JsonNode r = json.readTree(line);
      if (r.has("sync")) {
        syncs.add(r.get("sync").asText());
      }
    }
    return syncs;
  }

  static List<Double> losses(Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Double> losses = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      JsonNode r = json.readTree(line);
      losses.add(r.has("loss") ? r.get("loss").asDouble() : r.get("val_loss").asDouble());
      if (r.has("val_loss")) {
        losses.add(r.get("val_loss").asDouble());
      }
    }
    return losses;
  }

  @Test
  void barrierSegmentsGiveTheJobsModelBitForBit(@TempDir Path jobs, @TempDir Path whole,
      @TempDir Path cut) throws IOException {
    TrainConfig train = train().build();
    SparkTrainer.Result byJobs = run(SyncMode.JOBS, train, jobs, BarrierSegment.SEGMENT_NANOS, false);
    SparkTrainer.Result bySegments = run(SyncMode.BARRIER, train, whole, BarrierSegment.SEGMENT_NANOS, false);
    // segments cut after every step (partition 0 asks to stop at once)
    SparkTrainer.Result byShortSegments = run(SyncMode.BARRIER, train, cut, 0, false);
    assertTrue(byJobs.stepsRun() > 15, "steps: " + byJobs.stepsRun());
    assertTrue(syncs(jobs).stream().allMatch("job"::equals), syncs(jobs).toString());
    assertTrue(syncs(whole).stream().allMatch("barrier"::equals), syncs(whole).toString());
    assertTrue(syncs(cut).stream().allMatch("barrier"::equals), syncs(cut).toString());
    assertEquals(byJobs.stepsRun(), bySegments.stepsRun());
    assertEquals(byJobs.stepsRun(), byShortSegments.stepsRun());
    assertArrayEquals(byJobs.params().data(), bySegments.params().data());
    assertArrayEquals(byJobs.params().data(), byShortSegments.params().data());
    assertEquals(byJobs.history(), bySegments.history());
    assertEquals(losses(jobs), losses(whole), "training and validation losses");
    assertEquals(losses(jobs), losses(cut));
    try (var a = Files.list(jobs.resolve("checkpoints")); var b = Files.list(whole.resolve("checkpoints"))) {
      assertEquals(a.map(p -> p.getFileName().toString()).sorted().toList(),
          b.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void resumedBarrierRunEqualsUninterruptedJobsRun(@TempDir Path a, @TempDir Path b) {
    SparkTrainer.Result straight = run(SyncMode.JOBS, train().build(), a, BarrierSegment.SEGMENT_NANOS,
        false);
    run(SyncMode.BARRIER, train().maxSteps(7).build(), b, BarrierSegment.SEGMENT_NANOS, false);
    SparkTrainer.Result resumed = run(SyncMode.BARRIER, train().build(), b,
        BarrierSegment.SEGMENT_NANOS, true);
    assertEquals(straight.stepsRun() - 7, resumed.stepsRun());
    assertArrayEquals(straight.params().data(), resumed.params().data());
  }

  @Test
  void diagnosedStepsRunAsJobsInsideABarrierRun(@TempDir Path jobs, @TempDir Path barrier)
      throws IOException {
    TrainConfig train = train().diagnostics(new DiagnosticsConfig(3,
        DiagnosticsConfig.DEFAULT_VANISH_RATIO, DiagnosticsConfig.DEFAULT_EXPLODE_NORM)).build();
    SparkTrainer.Result a = run(SyncMode.JOBS, train, jobs, BarrierSegment.SEGMENT_NANOS, false);
    SparkTrainer.Result b = run(SyncMode.BARRIER, train, barrier, BarrierSegment.SEGMENT_NANOS, false);
    assertArrayEquals(a.params().data(), b.params().data());
    List<String> syncs = syncs(barrier);
    for (int i = 0; i < syncs.size(); i++) {
      assertEquals(i % 3 == 0 ? "job" : "barrier", syncs.get(i), "step " + i + " of " + syncs);
    }
  }

  @Test
  void divergenceEndsABarrierRunWithTheJobsMessage() {
    ModelConfig model = ModelConfig.builder().cell(CellType.ELMAN).inputSize(2).hiddenSize(4)
        .outputSize(2).build();
    List<Example> nan = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      nan.add(Example.ofFeatures(i, 2, new double[] {Double.NaN, 1, 0, 1}, new int[] {0, 1}, null));
    }
    Params init = Initializer.initialize(model, InitConfig.defaults(), 2);
    TrainConfig train = SparkTrainerTest.train().batchSize(2).maxSteps(6).maxBadSteps(3).build();
    List<String> messages = new ArrayList<>();
    for (SyncMode sync : new SyncMode[] {SyncMode.JOBS, SyncMode.BARRIER}) {
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(2).withSync(sync))
              .train(SPARK.context().parallelize(nan), null, init));
      messages.add(e.getMessage());
    }
    assertTrue(messages.get(0).startsWith("training diverged: 3 steps in a row"), messages.get(0));
    assertEquals(messages.get(0), messages.get(1));
  }

  @Test
  void aSegmentRunsFiftyTimesItsStartBetweenFiveSecondsAndAMinute() {
    long ms = 1_000_000L;
    assertEquals(5_000 * ms, BarrierSegment.lengthAfter(20 * ms));
    assertEquals(17_000 * ms, BarrierSegment.lengthAfter(340 * ms));
    assertEquals(60_000 * ms, BarrierSegment.lengthAfter(5_000 * ms));
  }

  @Test
  void barrierNeedsATaskSlotPerPartition() {
    Params init = Initializer.initialize(model(), InitConfig.defaults(), 6);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparkTrainer(SPARK.context(), model(), train().build(), SparkRunOptions.of(4).withSync(SyncMode.BARRIER))
            .train(SPARK.context().parallelize(SparkTrainerTest.corpus(20, 1)), null, init));
    assertEquals("spark.sync=barrier runs all 4 partitions at once, but Spark has 3 task slots; "
        + "lower spark.partitions to at most 3 or use spark.sync=jobs", e.getMessage());
  }

  /** A replica that ends a segment in another state stops training with a line naming it. */
  @Test
  void aDivergentReplicaIsRefusedNotTakenOver(@TempDir Path out) {
    BarrierSegment.faultyReplica = 2;
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> run(SyncMode.BARRIER, train().maxSteps(6).build(), out, BarrierSegment.SEGMENT_NANOS, false));
      assertTrue(e.getMessage().startsWith("barrier segment of steps 1-"), e.getMessage());
      assertTrue(e.getMessage().contains("the replica of partition 2 ended in another state than "
          + "partition 0's"), e.getMessage());
    } finally {
      BarrierSegment.faultyReplica = -1;
    }
  }

  /**
   * A Spark that lacks what the exchange calls: auto trains with one job per step (the same
   * model), an explicit barrier stops before the first step with the probe's line.
   */
  @Test
  void aSparkWithoutTheExchangeFallsBackToJobsOrRefusesBarrier(@TempDir Path jobs,
      @TempDir Path auto, @TempDir Path barrier) throws IOException {
    String lacking = "Spark " + SPARK.session().version() + " lacks org.apache.spark.rpc.RpcEnv.x(), which "
        + "the barrier gradient exchange calls";
    TrainConfig train = train().maxSteps(6).build();
    SparkTrainer.Result byJobs = run(SyncMode.JOBS, train, jobs, BarrierSegment.SEGMENT_NANOS, false);
    java.util.function.Supplier<String> real = SparkTrainer.exchangeProbe;
    SparkTrainer.exchangeProbe = () -> lacking;
    try {
      SparkTrainer.Result byAuto = run(SyncMode.AUTO, train, auto, BarrierSegment.SEGMENT_NANOS, false);
      assertArrayEquals(byJobs.params().data(), byAuto.params().data());
      assertTrue(syncs(auto).stream().allMatch("job"::equals), syncs(auto).toString());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> run(SyncMode.BARRIER, train, barrier, BarrierSegment.SEGMENT_NANOS, false));
      assertEquals("spark.sync=barrier: " + lacking + "; use spark.sync=jobs", e.getMessage());
      assertFalse(Files.exists(barrier.resolve("metrics.jsonl")), "nothing written before the refusal");
    } finally {
      SparkTrainer.exchangeProbe = real;
    }
  }
}
