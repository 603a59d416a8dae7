package org.sparkrnn.spark;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.*;
import org.sparkrnn.train.*;

class TmpReuseTest {
  static StepPlan.Step step(int t) {
    return new StepPlan.Step(0, 0, 0, 0, 0, t, 0, 0, new long[0], true, 5);
  }
  @Test
  void reuse() {
    for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU, CellType.ELMAN}) {
      ModelConfig cfg = ModelConfig.builder().cell(cell).vocabSize(7).hiddenSize(40).outputSize(7).build();
      List<Example> data = SparkTrainerTest.corpus(60, 3);
      Params p = Initializer.initialize(cfg, InitConfig.defaults(), 4);
      List<Example> a = data.subList(0, 14), b = data.subList(14, 32);
      int T = 16;
      Network fresh = Network.create(cfg);
      GradientSum g1 = WindowGradient.compute(fresh, p, a, step(T), null, false);
      Network used = Network.create(cfg);
      WindowGradient.compute(used, p, b, step(T), null, false);
      GradientSum g2 = WindowGradient.compute(used, p, a, step(T), null, false);
      Network used2 = Network.create(cfg);
      WindowGradient.compute(used2, p, data.subList(32, 37), step(T), null, false);
      GradientSum g3 = WindowGradient.compute(used2, p, a, step(T), null, false);
      System.out.println(cell + " after bigger: " + Arrays.equals(g1.grad, g2.grad) + " " + (g1.loss == g2.loss)
          + " after smaller: " + Arrays.equals(g1.grad, g3.grad) + " " + (g1.loss == g3.loss));
    }
  }
}
