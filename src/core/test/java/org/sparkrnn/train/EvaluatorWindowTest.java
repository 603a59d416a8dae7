package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;

/**
 * State-carrying evaluation window by window gives what one forward pass over the whole
 * sequences gives (the recurrence is the same), for equal and unequal lengths; evaluating the
 * windows from a zero state each, as independent windows, does not.
 */
class EvaluatorWindowTest {
  static List<Example> streams(int[] lengths, int vocab, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      int[] tokens = new int[lengths[i] + 1];
      for (int t = 0; t < tokens.length; t++) {
        tokens[t] = r.nextInt(vocab);
      }
      out.add(Example.ofTokens(i, java.util.Arrays.copyOf(tokens, lengths[i]),
          java.util.Arrays.copyOfRange(tokens, 1, tokens.length)));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void windowsWithCarriedStateEqualTheWholeSequences(CellType cell) {
    ModelConfig model = ModelConfig.builder().cell(cell).vocabSize(7).hiddenSize(9).outputSize(7)
        .layers(2).build();
    Params params = Initializer.initialize(model, InitConfig.defaults(), 3);
    Network net = Network.create(model);
    for (int[] lengths : new int[][] {{23, 23, 23, 23}, {23, 9, 17, 5}}) {
      List<Example> data = streams(lengths, 7, 11);
      Evaluator.Sum whole = Evaluator.evaluate(net, params, data, 3, new Evaluator.Sum());
      Evaluator.Sum windows = Evaluator.evaluate(net, params, data, 3, new Evaluator.Sum(), 5);
      assertEquals(whole.items, windows.items);
      assertEquals(whole.correct, windows.correct);
      assertEquals(whole.loss, windows.loss, 1e-12 * whole.loss, cell + " " + lengths[1]);

      double independent = 0;
      for (Example e : data) {
        for (int from = 0; from < e.length(); from += 5) {
          int to = Math.min(from + 5, e.length());
          Example w = Example.ofTokens(e.id(), java.util.Arrays.copyOfRange(e.tokens(), from, to),
              java.util.Arrays.copyOfRange(e.labels(), from, to));
          independent += Evaluator.evaluate(net, params, List.of(w), 1).loss;
        }
      }
      assertTrue(Math.abs(independent - whole.loss) > 1e-6 * whole.loss,
          "windows from a zero state should differ: " + independent + " vs " + whole.loss);
      assertNotEquals(0, whole.items);
    }
  }
}
