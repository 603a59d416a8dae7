package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.StepPlan;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.WindowGradient;

/**
 * The embedding table's gradient crosses the exchange as the rows a step touched: the sums the
 * driver and the barrier tasks add are those of the dense exchange bit for bit, the model is the
 * one LocalTrainer (no exchange) trains, and the metrics count the smaller messages.
 */
class SparseExchangeTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[3]"); // barrier mode runs 3 partitions at once
  private static final int VOCAB = 60;

  /** Short sequences over 60 tokens: a step of 4 touches at most 32 of the table's rows. */
  static List<Example> corpus(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 3 + r.nextInt(6);
      int[] tokens = new int[len + 1];
      for (int t = 0; t <= len; t++) {
        tokens[t] = r.nextInt(VOCAB);
      }
      out.add(Example.ofTokens(i, Arrays.copyOf(tokens, len),
          Arrays.copyOfRange(tokens, 1, len + 1)));
    }
    return out;
  }

  static ModelConfig model(boolean tied) {
    return ModelConfig.builder().cell(CellType.GRU).vocabSize(VOCAB).embedding(tied ? 6 : 5)
        .tieWeights(tied).hiddenSize(6).outputSize(VOCAB).build();
  }

  static TrainConfig train() {
    return SparkTrainerTest.train().optimizer("adam").batchSize(4).maxSteps(12).build();
  }

  @Test
  void sparsePartsAddUpToTheDenseSumBitForBit() {
    ModelConfig model = model(false);
    Network net = Network.create(model);
    Params params = Initializer.initialize(model, InitConfig.defaults(), 3);
    List<Example> data = corpus(24, 1);
    int[] lengths = data.stream().mapToInt(Example::length).toArray();
    StepPlan plan = new StepPlan(lengths, train());
    int steps = 0;
    while (plan.hasNext() && steps++ < 6) {
      StepPlan.Step step = plan.next();
      for (int partitions : new int[] {1, 3}) {
        List<GradientSum> sparse = new ArrayList<>();
        List<GradientSum> dense = new ArrayList<>();
        long sparseBytes = 0;
        long denseBytes = 0;
        long saved = 0;
        for (int p = 0; p < partitions; p++) {
          List<Example> mine = new ArrayList<>();
          for (long id : step.members()) {
            if (id % partitions == p) {
              mine.add(data.get((int) id));
            }
          }
          GradientSum part = WindowGradient.compute(net, params, mine, step, null, false);
          if (!mine.isEmpty()) { // rows of the tokens the window reads travel, the rest stay home
            long touched = mine.stream().flatMapToInt(e -> Arrays.stream(e.tokens(),
                Math.min(step.from(), e.length()), Math.min(step.to(), e.length()))).distinct()
                .count();
            saved += (VOCAB - touched) * 5 * Double.BYTES - touched * Integer.BYTES - Integer.BYTES;
          }
          assertEquals(mine.isEmpty() ? 0 : VOCAB, part.sparseRows);
          byte[] asRows = GradientWire.encode(part);
          part.sparseRows = 0;
          byte[] asDense = GradientWire.encode(part);
          sparseBytes += asRows.length;
          denseBytes += asDense.length;
          sparse.add(GradientWire.decodePart(asRows));
          dense.add(GradientWire.decodePart(asDense));
        }
        GradientSum a = OrderedSum.addAsTree(sparse, 2);
        GradientSum b = OrderedSum.addAsTree(dense, 2);
        GradientWireTest.assertSame(b, a);
        assertEquals(sparseBytes, a.wireBytes);
        assertEquals(saved, denseBytes - sparseBytes,
            "step " + step.index() + ", " + partitions + " partitions");
      }
    }
  }

  @Test
  void aTiedTableIsSentDense() {
    ModelConfig model = model(true);
    Network net = Network.create(model);
    assertEquals(null, net.rowSparseSlot(), "the head's gradient touches every row");
    Params params = Initializer.initialize(model, InitConfig.defaults(), 3);
    List<Example> data = corpus(8, 2);
    StepPlan.Step step = new StepPlan(data.stream().mapToInt(Example::length).toArray(), train())
        .next();
    GradientSum part = WindowGradient.compute(net, params, data.subList(0, 4), step, null, false);
    assertEquals(0, part.sparseRows);
  }

  @ParameterizedTest
  @EnumSource(value = SyncMode.class, names = {"JOBS", "BARRIER"})
  void sameModelAsLocalTrainerOnOneAndThreePartitions(SyncMode sync, @TempDir Path out)
      throws Exception {
    ModelConfig model = model(false);
    TrainConfig train = train();
    List<Example> data = corpus(40, 5);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    Params local = init.copy();
    new LocalTrainer(model, train).train(data, local, null);
    assertTrue(SparkTrainerTest.relativeError(local.data(), init.data()) > 1e-4, "it trained");
    // a partition's dense message: every parameter and < 200 bytes of header; as rows, the
    // ≥ 28 rows a step leaves untouched stay home (4 bytes of id per row sent)
    long denseMessage = Network.create(model).layout().size() * 8L + 200;
    long saved = (VOCAB - 32) * 5 * 8L - 32 * 4L;
    for (int n : new int[] {1, 3}) {
      Path dir = out.resolve("p" + n);
      SparkRunOptions opts = SparkRunOptions.of(n).withSync(sync).withOutput(dir.toString(), 100, 1);
      // bytes as on a cluster: in local mode barrier tasks would hand their sums over as objects
      SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, opts)
          .bytesInLocalMode().train(SPARK.context().parallelize(data, 2), null, init);
      assertEquals(12, r.stepsRun());
      double err = SparkTrainerTest.relativeError(r.params().data(), local.data());
      assertTrue(err <= 1e-9, sync + ", " + n + " partitions: differs from LocalTrainer by " + err);
      List<Long> bytes = exchangeBytes(dir);
      assertEquals(12, bytes.size());
      for (long b : bytes) {
        assertTrue(b > 0 && b < n * (denseMessage - saved),
            sync + ", " + n + " partitions: " + bytes + " bytes per step");
      }
    }
  }

  /** exchange_bytes of every step in metrics.jsonl. */
  static List<Long> exchangeBytes(Path out) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Long> bytes = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      JsonNode r = json.readTree(line);
      if (r.has("exchange_bytes")) {
        bytes.add(r.get("exchange_bytes").asLong());
      }
    }
    return bytes;
  }
}
