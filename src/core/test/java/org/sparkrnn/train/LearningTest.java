package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;

/** The models learn what they should, and the tanh Elman net fails where the notes say it does. */
class LearningTest {

  /** Next character of a repeated text, four streams stepped in windows with carried state. */
  @Test
  void elmanLearnsRepeatedTextBelowFiveHundredthsOfANat() {
    String unit = "hello world ";
    String alphabet = "dehlorw ";
    int streams = 4;
    int length = unit.length() * 40;
    List<Example> data = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      int[] in = new int[length];
      int[] next = new int[length];
      for (int t = 0; t < length; t++) {
        in[t] = alphabet.indexOf(unit.charAt((s * 5 + t) % unit.length()));
        next[t] = alphabet.indexOf(unit.charAt((s * 5 + t + 1) % unit.length()));
      }
      data.add(Example.ofTokens(s, in, next));
    }
    ModelConfig model = ModelConfig.builder().cell(CellType.ELMAN).vocabSize(alphabet.length())
        .hiddenSize(32).outputSize(alphabet.length()).build();
    TrainConfig train = TrainConfig.builder().learningRate(0.01).batchSize(streams).window(24)
        .epochs(15).seed(1).build();
    Params params = Initializer.initialize(model, InitConfig.defaults(), 1);
    List<StepStats> history = new LocalTrainer(model, train).train(data, params, null);

    int perEpoch = length / 24;
    double last = history.subList(history.size() - perEpoch, history.size()).stream()
        .mapToDouble(StepStats::loss).average().orElseThrow();
    double first = history.get(0).loss();
    assertTrue(first > 1.5, "untrained loss should be near ln 8 = 2.08, was " + first);
    assertTrue(last < 0.05, "final epoch mean loss " + last + " nats");
  }

  /**
   * Recall the first symbol after {@code lag} distractors (many-to-one). An LSTM learns it; a
   * tanh Elman net of the same size, same data, optimizer and steps usually stays near chance.
   * Usually: from some initialisations and batch orders it does get there (seed 4 reached 100%
   * with the plain shuffle, seeds 2 and 3 0.55-0.58 with the stratified one), so the claim is
   * checked on the median of five seeds.
   */
  @Test
  void lstmRecallsAcrossALongLagWhereElmanCannot() {
    int lag = 60;
    List<Example> data = recallData(512, lag, 7);
    List<Example> test = recallData(256, lag, 8);
    double lstm = recallAccuracy(CellType.LSTM, data, test, 3);
    assertTrue(lstm > 0.95, "LSTM accuracy " + lstm);
    double[] elman = new double[5];
    for (int seed = 1; seed <= elman.length; seed++) {
      elman[seed - 1] = recallAccuracy(CellType.ELMAN, data, test, seed);
    }
    double[] sorted = elman.clone();
    Arrays.sort(sorted);
    assertTrue(sorted[2] < 0.5, "tanh Elman accuracies " + Arrays.toString(elman)
        + ", median above 0.5 (chance 0.25)");
  }

  private static double recallAccuracy(CellType cell, List<Example> data, List<Example> test,
      long seed) {
    ModelConfig model = ModelConfig.builder().cell(cell).activation(Activation.TANH).vocabSize(8)
        .hiddenSize(16).outputSize(4).mode(OutputMode.MANY_TO_ONE).build();
    TrainConfig train = TrainConfig.builder().learningRate(0.01).batchSize(32).epochs(80)
        .seed(seed).build();
    Params params = Initializer.initialize(model, InitConfig.defaults(), seed);
    new LocalTrainer(model, train).train(data, params, null);
    Network net = Network.create(model);
    SequenceBatch batch = Batches.assemble(test, model);
    net.forward(batch, params, null);
    double[] p = net.outputs();
    int correct = 0;
    for (int b = 0; b < test.size(); b++) {
      int best = 0;
      for (int k = 1; k < 4; k++) {
        if (p[b * 4 + k] > p[b * 4 + best]) {
          best = k;
        }
      }
      correct += best == test.get(b).labels()[0] ? 1 : 0;
    }
    return correct / (double) test.size();
  }

  /** Symbol 0..3 first, then {@code lag} distractors from 4..7; the label is the first symbol. */
  static List<Example> recallData(int n, int lag, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] tokens = new int[lag + 1];
      tokens[0] = r.nextInt(4);
      for (int t = 1; t <= lag; t++) {
        tokens[t] = 4 + r.nextInt(4);
      }
      out.add(Example.ofTokens(i, tokens, new int[] {tokens[0]}));
    }
    return out;
  }
}
