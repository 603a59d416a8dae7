package org.sparkrnn.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.TrainConfig;

/** Diagnostics recorded by LocalTrainer on a real training run. */
public class TrainingDiagnosticsTest {
  static final int T = 40;

  /** Many-to-one: random 2-feature sequences of length {@code len}, a random class of 2. */
  public static List<Example> sequences(int n, int len, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[len * 2];
      for (int k = 0; k < x.length; k++) {
        x[k] = r.nextDouble(-1, 1);
      }
      out.add(Example.ofFeatures(i, len, x, new int[] {r.nextInt(2)}, null));
    }
    return out;
  }

  public static ModelConfig model(CellType cell) {
    return ModelConfig.builder().cell(cell).inputSize(2).hiddenSize(16).outputSize(2)
        .mode(OutputMode.MANY_TO_ONE).build();
  }

  private static List<StepDiagnostics> run(ModelConfig model, TrainConfig train, List<Example> data) {
    Params p = Initializer.initialize(model, InitConfig.defaults(), 3);
    List<StepDiagnostics> seen = new ArrayList<>();
    new LocalTrainer(model, train).onDiagnostics(seen::add).train(data, p, null);
    return seen;
  }

  @Test
  void tanhElmanOnALongWindowShowsADecayingProfileEveryNSteps() {
    TrainConfig train = TrainConfig.builder().batchSize(10).epochs(0).maxSteps(7)
        .diagnostics(DiagnosticsConfig.every(3)).build();
    List<StepDiagnostics> seen = run(model(CellType.ELMAN), train, sequences(20, T, 1));
    assertEquals(7, seen.size());
    for (StepDiagnostics d : seen) {
      boolean due = d.step() % 3 == 0;
      assertEquals(due, d.measured(), "step " + d.step());
      if (!due) {
        assertNull(d.flow());
        continue;
      }
      double[] flow = d.flow()[0];
      assertEquals(T, flow.length);
      System.out.printf("elman step %d: decay %.4f ratio %.3e sigma %.4f rho %.4f sat %.4f%n",
          d.step(), d.flowDecay()[0], d.flowRatio()[0], d.sigmaMax()[0], d.spectralRadius()[0],
          d.saturated()[0]);
      assertTrue(d.flowDecay()[0] < 0.9, "decay " + d.flowDecay()[0]);
      assertTrue(d.flowRatio()[0] < 1e-2, "ratio " + d.flowRatio()[0]);
      assertEquals(flow[0] / flow[T - 1], d.flowRatio()[0], 1e-12);
      // mostly decreasing towards t = 0
      int down = 0;
      for (int t = 1; t < T; t++) {
        down += flow[t - 1] < flow[t] ? 1 : 0;
      }
      assertTrue(down > 0.8 * (T - 1), "steps where the norm shrinks going back: " + down);
      // orthogonal init with scale 1 at step 0: every singular value and |eigenvalue| is 1
      if (d.step() == 0) {
        assertEquals(1, d.sigmaMax()[0], 1e-9);
        assertEquals(1, d.spectralRadius()[0], 1e-9);
      }
      assertTrue(d.saturated()[0] >= 0 && d.saturated()[0] <= 1);
      assertTrue(Double.isNaN(d.deadRelu()[0]));
    }
  }

  @Test
  void lastStepNormIsTheHeadGradientOfTheMeanLoss() {
    ModelConfig model = model(CellType.ELMAN);
    List<Example> data = sequences(6, 5, 2);
    TrainConfig train = TrainConfig.builder().batchSize(6).epochs(0).maxSteps(1)
        .diagnostics(DiagnosticsConfig.every(1)).build();
    Params before = Initializer.initialize(model, InitConfig.defaults(), 3);
    List<StepDiagnostics> seen = run(model, train, data);
    // by hand: ∂E/∂h_{T−1} of row b = Wᵀ (softmax(z_b) − e_{y_b}); the mean loss divides by B
    Network net = Network.create(model);
    List<Example> ordered = new ArrayList<>(data);
    SequenceBatch batch = Batches.assemble(ordered, model);
    net.forward(batch, before, null);
    double[] prob = net.outputs();
    double[] w = before.get("linear.weight");
    double sum = 0;
    for (int b = 0; b < data.size(); b++) {
      for (int j = 0; j < 16; j++) {
        double g = 0;
        for (int k = 0; k < 2; k++) {
          double dz = prob[b * 2 + k] - (data.get(b).labels()[0] == k ? 1 : 0);
          g += w[k * 16 + j] * dz;
        }
        sum += g * g;
      }
    }
    double expected = Math.sqrt(sum) / data.size();
    double[] flow = seen.get(0).flow()[0];
    assertEquals(expected, flow[4], 1e-12 * expected);
  }

  @Test
  void reluElmanReportsDeadUnitsAndNoSaturation() {
    ModelConfig model = ModelConfig.builder().cell(CellType.ELMAN)
        .activation(org.sparkrnn.model.Activation.RELU).inputSize(2).hiddenSize(16).outputSize(2)
        .mode(OutputMode.MANY_TO_ONE).build();
    TrainConfig train = TrainConfig.builder().batchSize(10).epochs(0).maxSteps(1)
        .diagnostics(DiagnosticsConfig.every(1)).build();
    StepDiagnostics d = run(model, train, sequences(10, 8, 4)).get(0);
    assertTrue(Double.isNaN(d.saturated()[0]));
    assertNotNull(d.deadRelu());
    assertTrue(d.deadRelu()[0] >= 0 && d.deadRelu()[0] < 1, "dead " + d.deadRelu()[0]);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(CellType.class)
  void everyCellGivesFiniteFields(CellType cell) {
    ModelConfig model = cell == CellType.JORDAN
        ? model(cell).toBuilder().loss(org.sparkrnn.model.Loss.IDENTITY_MSE).outputSize(1).build()
        : model(cell).toBuilder().layers(2).build();
    List<Example> data = new ArrayList<>();
    for (Example e : sequences(8, 12, 9)) {
      data.add(cell == CellType.JORDAN
          ? Example.ofFeatures(e.id(), 12, e.features(), null, new double[] {e.labels()[0]}) : e);
    }
    TrainConfig train = TrainConfig.builder().batchSize(8).epochs(0).maxSteps(1)
        .diagnostics(DiagnosticsConfig.every(1)).build();
    StepDiagnostics d = run(model, train, data).get(0);
    int layers = cell == CellType.JORDAN ? 1 : 2;
    assertEquals(layers, d.flow().length, cell.toString());
    for (int l = 0; l < layers; l++) {
      assertEquals(12, d.flow()[l].length);
      for (double v : d.flow()[l]) {
        assertTrue(v > 0 && Double.isFinite(v), cell + " flow " + v);
      }
      assertTrue(Double.isFinite(d.flowDecay()[l]) && Double.isFinite(d.flowRatio()[l]));
      assertTrue(d.sigmaMax()[l] > 0 && d.spectralRadius()[l] <= d.sigmaMax()[l] + 1e-12,
          cell + " σ " + d.sigmaMax()[l] + " ρ " + d.spectralRadius()[l]);
      assertTrue(d.saturated()[l] >= 0 && d.saturated()[l] <= 1, cell + " saturated");
    }
  }

  @Test
  void nonFiniteStepsWarnAndThenStopTraining() {
    ModelConfig model = model(CellType.ELMAN);
    List<Example> data = sequences(8, 6, 3);
    data.get(2).features()[4] = Double.NaN; // one bad value: every step's loss is NaN
    TrainConfig train = TrainConfig.builder().batchSize(8).epochs(0).maxSteps(10).maxBadSteps(3)
        .diagnostics(DiagnosticsConfig.every(1)).build();
    List<StepDiagnostics> seen = new ArrayList<>();
    Params p = Initializer.initialize(model, InitConfig.defaults(), 3);
    org.sparkrnn.train.TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.sparkrnn.train.TrainingDivergedException.class,
        () -> new LocalTrainer(model, train).onDiagnostics(seen::add).train(data, p, null));
    assertTrue(e.getMessage().contains("3 steps in a row"), e.getMessage());
    assertEquals(2, seen.size()); // the third bad step ends training before it is reported
    for (int i = 0; i < 2; i++) {
      String w = seen.get(i).warnings().get(0);
      assertTrue(w.startsWith("exploding: loss is NaN; step skipped (" + (i + 1) + " in a row)"), w);
    }
  }

  @Test
  void offMeasuresNothing() {
    TrainConfig train = TrainConfig.builder().batchSize(10).epochs(0).maxSteps(3).build();
    List<StepDiagnostics> seen = run(model(CellType.LSTM), train, sequences(20, 10, 1));
    assertEquals(3, seen.size());
    assertTrue(seen.stream().noneMatch(StepDiagnostics::measured));
    assertTrue(seen.stream().noneMatch(StepDiagnostics::hasWarnings));
  }
}
