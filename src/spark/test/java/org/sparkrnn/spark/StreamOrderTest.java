package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataOptions;
import org.sparkrnn.data.DataReader;
import org.sparkrnn.data.PreparedData;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.TrainConfig;

/**
 * data.order=stream: the corpus read as B contiguous streams, and trained window by window with
 * the state carried, gives the same model on 1, 2, 3 and 7 partitions as LocalTrainer.
 */
class StreamOrderTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");
  private static final int STREAMS = 3;
  private static final int WINDOW = 4;

  @TempDir
  Path dir;

  /** ASCII lines of made-up words, so that a character is one char. */
  static String text(long seed, int chars) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < chars) {
      sb.append("abcdefgh ".charAt(r.nextInt(9)));
      if (r.nextInt(30) == 0) {
        sb.append('\n');
      }
    }
    return sb.append('\n').toString();
  }

  PreparedData read(String text, double validation) throws Exception {
    Path corpus = Files.writeString(dir.resolve("corpus.txt"), text);
    DataOptions o = DataOptions.defaults().with("data.path", "file:" + corpus.toAbsolutePath())
        .with("data.window", Integer.toString(WINDOW)).with("data.order", "stream")
        .with("data.streams", Integer.toString(STREAMS))
        .with("data.validation_fraction", Double.toString(validation));
    return DataReader.prepare(SPARK.session(), o);
  }

  static List<Example> sorted(PreparedData d, boolean train) {
    List<Example> out = new ArrayList<>((train ? d.train() : d.validation()).examples().collect());
    out.sort(Comparator.comparingLong(Example::id));
    return out;
  }

  @Test
  void streamsAreContiguousPiecesOfTheCorpus() throws Exception {
    String text = text(1, 400);
    PreparedData d = read(text, 0.25);
    CharVocabulary v = d.spec().chars();
    List<Example> train = sorted(d, true);
    assertEquals(STREAMS, d.train().count());
    assertEquals(STREAMS, train.size());
    long windows = (text.length() - 1) / WINDOW;
    long trainWindows = windows - Math.max(1, Math.round(windows * 0.25));
    int length = (int) (trainWindows / STREAMS) * WINDOW;
    for (int s = 0; s < STREAMS; s++) {
      Example e = train.get(s);
      assertEquals(s, e.id());
      assertEquals(length, e.length(), "every stream has K whole windows");
      assertEquals(text.substring(s * length, (s + 1) * length), v.decode(e.tokens()));
      assertEquals(text.substring(s * length + 1, (s + 1) * length + 1), v.decode(e.labels()));
    }
    List<Example> validation = sorted(d, false);
    assertEquals(STREAMS, validation.size());
    int heldFrom = (int) trainWindows * WINDOW;
    int vlength = validation.get(0).length();
    assertEquals(text.substring(heldFrom, heldFrom + vlength), v.decode(validation.get(0).tokens()),
        "the held-out text follows the training text");
  }

  @Test
  void sameModelOnAnyPartitioningAsLocalTrainer() throws Exception {
    PreparedData d = read(text(2, 3 * 30 * WINDOW + 40), 0);
    ModelConfig model = ModelConfig.builder().cell(CellType.LSTM)
        .vocabSize(d.spec().chars().size()).hiddenSize(10).outputSize(d.spec().chars().size())
        .build();
    // 30 windows per stream: 24 steps, every one but the first starting from carried state
    TrainConfig train = TrainConfig.builder().batchSize(STREAMS).window(WINDOW).maxSteps(24)
        .epochs(0).optimizer("adam").learningRate(0.01).clip("norm", 1).seed(4).build();
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    Params local = init.copy();
    new LocalTrainer(model, train).train(sorted(d, true), local, null);
    assertTrue(SparkTrainerTest.relativeError(local.data(), init.data()) > 1e-4, "it trained");
    for (int n : new int[] {1, 2, 3, 7}) {
      SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(n))
          .train(d.train().examples(), null, init);
      assertEquals(24, r.stepsRun());
      double err = SparkTrainerTest.relativeError(r.params().data(), local.data());
      assertTrue(err <= 1e-9, n + " partitions differ from LocalTrainer by " + err);
    }
  }

  /**
   * train.precision=f32 (the float32 network) on the same stream LM with an embedding: one
   * partition does exactly what LocalTrainer does; more partitions split the float sums inside a
   * task differently, so they agree to float rounding, not bit for bit.
   */
  @Test
  void float32StreamModelMatchesLocalTrainerToFloatRounding() throws Exception {
    PreparedData d = read(text(2, 3 * 30 * WINDOW + 40), 0);
    int v = d.spec().chars().size();
    ModelConfig model = ModelConfig.builder().cell(CellType.LSTM).vocabSize(v).embedding(6)
        .hiddenSize(10).outputSize(v).build();
    TrainConfig.Builder b = TrainConfig.builder().batchSize(STREAMS).window(WINDOW).maxSteps(24)
        .epochs(0).optimizer("adam").learningRate(0.01).clip("norm", 1).seed(4);
    TrainConfig f32 = b.precision("f32").build();
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    Params local = init.copy();
    LocalTrainer trainer = new LocalTrainer(model, f32);
    assertEquals("FloatNetwork", trainer.network().getClass().getSimpleName(),
        "f32 trains this model all in float");
    trainer.train(sorted(d, true), local, null);
    Params local64 = init.copy();
    new LocalTrainer(model, b.precision("f64").build()).train(sorted(d, true), local64, null);
    double drift = SparkTrainerTest.relativeError(local.data(), local64.data());
    assertTrue(drift > 1e-12 && drift < 1e-6, "f32 against f64: " + drift);
    for (int n : new int[] {1, 3, 7}) {
      SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, f32, SparkRunOptions.of(n))
          .train(d.train().examples(), null, init);
      double err = SparkTrainerTest.relativeError(r.params().data(), local.data());
      if (n == 1) {
        assertEquals(0.0, err, "one partition runs LocalTrainer's float pass");
      } else {
        assertTrue(err < 1e-6, n + " partitions differ from LocalTrainer by " + err);
      }
    }
  }

  /**
   * A stream run stopped after 11 steps and resumed from its checkpoint ends bit for bit where
   * the uninterrupted run does: the checkpoint carries every stream's state, and the resumed
   * steps take the windows that follow. Resumed on another partition count, it agrees to
   * summation order (≤ 1e-9), as any run on that count does.
   */
  @Test
  void resumedStreamRunEqualsUninterruptedRun(@TempDir Path a, @TempDir Path b, @TempDir Path c)
      throws Exception {
    PreparedData d = read(text(2, 3 * 30 * WINDOW + 40), 0);
    int v = d.spec().chars().size();
    ModelConfig model = ModelConfig.builder().cell(CellType.GRU).vocabSize(v).hiddenSize(10)
        .outputSize(v).build();
    TrainConfig.Builder train = TrainConfig.builder().batchSize(STREAMS).window(WINDOW)
        .epochs(0).optimizer("adam").learningRate(0.01).clip("norm", 1).seed(4);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    SparkTrainer.Result straight = new SparkTrainer(SPARK.context(), model,
        train.maxSteps(24).build(), SparkRunOptions.of(2).withOutput(a.toString(), 5, 10))
        .train(d.train().examples(), null, init);
    for (Path out : new Path[] {b, c}) {
      new SparkTrainer(SPARK.context(), model, train.maxSteps(11).build(),
          SparkRunOptions.of(2).withOutput(out.toString(), 5, 10))
          .train(d.train().examples(), null, init);
    }
    SparkTrainer.Result same = new SparkTrainer(SPARK.context(), model, train.maxSteps(24).build(),
        SparkRunOptions.of(2).withOutput(b.toString(), 5, 10).withResume(true))
        .train(d.train().examples(), null, init);
    assertEquals(13, same.stepsRun());
    org.junit.jupiter.api.Assertions.assertArrayEquals(straight.params().data(),
        same.params().data());
    SparkTrainer.Result other = new SparkTrainer(SPARK.context(), model, train.maxSteps(24).build(),
        SparkRunOptions.of(3).withOutput(c.toString(), 5, 10).withResume(true))
        .train(d.train().examples(), null, init);
    double err = SparkTrainerTest.relativeError(other.params().data(), straight.params().data());
    assertTrue(err <= 1e-9, "resumed on 3 partitions: " + err);
  }
}
