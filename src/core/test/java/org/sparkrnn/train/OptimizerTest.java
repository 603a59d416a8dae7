package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer over 2–3 steps against values worked out by hand (in exact decimal arithmetic)
 * from the torch.optim update rules quoted in the comments.
 */
class OptimizerTest {
  private static final double TOL = 1e-12;

  private static void steps(Optimizer opt, double[] p, double lr, double[][] grads,
      double[][] expected) {
    for (int k = 0; k < grads.length; k++) {
      opt.step(p, grads[k], lr);
      assertEquals(k + 1, opt.steps());
      assertArrayEquals(expected[k], p, TOL, "after step " + (k + 1));
    }
  }

  @Test
  void plainSgd() {
    // p = p - lr * g, lr = 0.1
    // p0 = [1, -2]; g1 = [0.5, 0.25] -> [0.95, -2.025]; g2 = [-1, 2] -> [1.05, -2.225]
    Optimizer opt = new Sgd(2);
    assertTrue(opt.state().isEmpty());
    steps(opt, new double[] {1, -2}, 0.1,
        new double[][] {{0.5, 0.25}, {-1, 2}},
        new double[][] {{0.95, -2.025}, {1.05, -2.225}});
  }

  @Test
  void momentumSgd() {
    // b1 = g; b_t = 0.9 b + g; p = p - 0.1 b. g = [1, -2] every step, p0 = [1, 0]
    // b: [1,-2], [1.9,-3.8], [2.71,-5.42]
    // p: [0.9,0.2], [0.71,0.58], [0.439,1.122]
    Optimizer opt = Optimizers.create("momentum", Map.of("momentum", 0.9), 2);
    double[] g = {1, -2};
    steps(opt, new double[] {1, 0}, 0.1, new double[][] {g, g, g},
        new double[][] {{0.9, 0.2}, {0.71, 0.58}, {0.439, 1.122}});
    assertArrayEquals(new double[] {2.71, -5.42}, opt.state().get("momentum_buffer"), TOL);
  }

  @Test
  void nesterovSgd() {
    // b as for momentum; d = g + 0.9 b; p = p - 0.1 d. g = [1, -2], p0 = [1, 0]
    // d: [1.9,-3.8], [2.71,-5.42], [3.439,-6.878]
    // p: [0.81,0.38], [0.539,0.922], [0.1951,1.6098]
    Optimizer opt = new Sgd(2, 0.9, true);
    assertEquals("nesterov", opt.name());
    double[] g = {1, -2};
    steps(opt, new double[] {1, 0}, 0.1, new double[][] {g, g, g},
        new double[][] {{0.81, 0.38}, {0.539, 0.922}, {0.1951, 1.6098}});
  }

  @Test
  void momentumAndNesterovDifferFromPlainAndEachOther() {
    double[] g = {0.3, -0.7, 1.1};
    double[][] ps = new double[3][];
    Optimizer[] opts = {new Sgd(3), new Sgd(3, 0.9, false), new Sgd(3, 0.9, true)};
    for (int k = 0; k < 3; k++) {
      ps[k] = new double[] {1, 2, 3};
      opts[k].step(ps[k], g, 0.05);
    }
    // First step: momentum's buffer is g itself, so it equals plain SGD; Nesterov looks ahead.
    assertArrayEquals(ps[0], ps[1], 0.0);
    assertFalse(java.util.Arrays.equals(ps[0], ps[2]));
    for (int k = 0; k < 3; k++) {
      opts[k].step(ps[k], g, 0.05);
    }
    // Second step: plain moved by lr*g, momentum by lr*1.9g, Nesterov by lr*2.71g.
    for (int i = 0; i < 3; i++) {
      double start = i + 1;
      assertEquals(start - 0.05 * 2 * g[i], ps[0][i], TOL);
      assertEquals(start - 0.05 * (1 + 1.9) * g[i], ps[1][i], TOL);
      assertEquals(start - 0.05 * (1.9 + 2.71) * g[i], ps[2][i], TOL);
    }
  }

  @Test
  void adagrad() {
    // s = s + g^2; p = p - lr g / (sqrt(s) + 1e-10), lr = 0.1, p0 = 1
    // g=2:  s=4, p = 1 - 0.2/(2+1e-10)               = 0.90000000000499999999975
    // g=1:  s=5, p -= 0.1/(sqrt5+1e-10)               = 0.85527864045700420607148
    // g=-2: s=9, p += 0.2/(3+1e-10)                   = 0.92194530712144865051600
    Optimizer opt = Optimizers.create("adagrad", 1);
    steps(opt, new double[] {1}, 0.1, new double[][] {{2}, {1}, {-2}},
        new double[][] {{0.90000000000499999999975}, {0.85527864045700420607148},
            {0.92194530712144865051600}});
    assertEquals(9.0, opt.state().get("sum")[0], 0.0);
  }

  @Test
  void rmsProp() {
    // v = 0.99 v + 0.01 g^2; avg = sqrt(v) + 1e-8; p = p - lr g / avg, lr = 0.01, p0 = 0.5
    // g=1:  v=0.01,     avg=0.10000001,           p = 0.40000000999999900000010
    // g=2:  v=0.0499,   avg=0.22338308903688677,  p = 0.31046771780084580790801
    // g=-1: v=0.059401, avg=0.24372321365529418,  p = 0.35149786774029036027153
    Optimizer opt = Optimizers.create("rmsprop", 1);
    steps(opt, new double[] {0.5}, 0.01, new double[][] {{1}, {2}, {-1}},
        new double[][] {{0.40000000999999900000010}, {0.31046771780084580790801},
            {0.35149786774029036027153}});
    assertEquals(0.059401, opt.state().get("square_avg")[0], TOL);
    assertFalse(opt.state().containsKey("momentum_buffer"));
  }

  @Test
  void rmsPropWithMomentum() {
    // as above, plus b = 0.5 b + g / avg (b starts at 0); p = p - lr b
    // b: 9.9999990000001, 13.953228719915369, 2.8735993660132294
    // p: 0.40000000999999900000010, 0.26046772280084530790806, 0.23173172914071301422556
    Optimizer opt = new RmsProp(1, 0.99, 1e-8, 0.5);
    steps(opt, new double[] {0.5}, 0.01, new double[][] {{1}, {2}, {-1}},
        new double[][] {{0.40000000999999900000010}, {0.26046772280084530790806},
            {0.23173172914071301422556}});
    assertEquals(2.8735993660132294, opt.state().get("momentum_buffer")[0], TOL);
  }

  @Test
  void adam() {
    // m = 0.9 m + 0.1 g; v = 0.999 v + 0.001 g^2;
    // p = p - lr/(1-0.9^t) * m / (sqrt(v)/sqrt(1-0.999^t) + 1e-8), lr = 0.001, p0 = 1
    // t=1 g=0.5:  m=0.05,    v=0.00025,       p = 0.99900000001999999960000
    // t=2 g=-1:   m=-0.055,  v=0.00124975,    p = 0.99936610354240565602811
    // t=3 g=0.25: m=-0.0245, v=0.00131100025, p = 0.99950279420338976417522
    Optimizer opt = Optimizers.create("adam", 1);
    steps(opt, new double[] {1}, 0.001, new double[][] {{0.5}, {-1}, {0.25}},
        new double[][] {{0.99900000001999999960000}, {0.99936610354240565602811},
            {0.99950279420338976417522}});
    assertEquals(-0.0245, opt.state().get("exp_avg")[0], TOL);
    assertEquals(0.00131100025, opt.state().get("exp_avg_sq")[0], TOL);
  }

  @Test
  void adamAddsEpsAfterBiasCorrection() {
    // eps = 0.1 makes the placement visible. PyTorch, t=1, g=0.5:
    //   p = 1 - 0.001 * 0.5 / (0.5 + 0.1) = 0.99916666666666666666667
    // TensorFlow's epsilon-hat form would give 1 - 0.000316228 * 0.05 / (0.0158114 + 0.1) = 0.99986.
    // t=2 g=-1: 0.99949166674264845480800; t=3 g=0.25: 0.99961040463828565066669
    Optimizer opt = new Adam(1, 0.9, 0.999, 0.1);
    steps(opt, new double[] {1}, 0.001, new double[][] {{0.5}, {-1}, {0.25}},
        new double[][] {{0.99916666666666666666667}, {0.99949166674264845480800},
            {0.99961040463828565066669}});
  }

  private static List<Optimizer> everyKind(int n) {
    return List.of(new Sgd(n), new Sgd(n, 0.8, false), new Sgd(n, 0.8, true), new Adagrad(n),
        new RmsProp(n), new RmsProp(n, 0.9, 1e-6, 0.7), new Adam(n));
  }

  @Test
  void restoredStateContinuesBitIdentically() {
    int n = 17;
    List<Optimizer> originals = everyKind(n);
    for (Optimizer a : originals) {
      Random rnd = new Random(42);
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = rnd.nextGaussian();
      }
      for (int k = 0; k < 3; k++) {
        a.step(p, gaussian(rnd, n), 0.01 * (k + 1));
      }
      // checkpoint: name, hyper-parameters, state copies, step count, parameters
      Map<String, double[]> saved = new LinkedHashMap<>();
      a.state().forEach((key, v) -> saved.put(key, v.clone()));
      long savedSteps = a.steps();
      double[] pa = p.clone();
      double[] pb = p.clone();

      Optimizer b = Optimizers.create(a.name(), a.hyper(), a.size());
      assertEquals(a.getClass(), b.getClass());
      assertEquals(a.hyper(), b.hyper());
      b.restore(saved, savedSteps);
      assertEquals(3, b.steps());
      for (int k = 3; k < 7; k++) {
        double[] g = gaussian(rnd, n);
        a.step(pa, g, 0.01 * (k + 1));
        b.step(pb, g, 0.01 * (k + 1));
        assertArrayEquals(pa, pb, a.name() + " " + a.hyper() + " step " + (k + 1));
      }
      for (String key : a.state().keySet()) {
        assertArrayEquals(a.state().get(key), b.state().get(key), key);
      }
      assertEquals(a.steps(), b.steps());
    }
  }

  @Test
  void restoreWithoutStepCountDoesNotContinueAdam() {
    // The step count is part of the state: Adam's bias correction depends on it.
    Adam a = new Adam(2);
    double[] p = {1, 2};
    a.step(p, new double[] {0.1, 0.2}, 0.01);
    Adam b = new Adam(2);
    b.restore(a.state(), 0);
    double[] pa = p.clone();
    double[] pb = p.clone();
    a.step(pa, new double[] {0.3, -0.1}, 0.01);
    b.step(pb, new double[] {0.3, -0.1}, 0.01);
    assertNotEquals(pa[0], pb[0]);
  }

  @Test
  void stateIsLiveAndRestoreValidates() {
    Adam a = new Adam(3);
    double[] m = a.state().get("exp_avg");
    a.step(new double[3], new double[] {1, 2, 3}, 0.1);
    assertSame(m, a.state().get("exp_avg"));
    assertEquals(0.1, m[0], TOL);
    assertEquals(List.of("exp_avg", "exp_avg_sq"), List.copyOf(a.state().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> a.state().put("x", new double[3]));

    Map<String, double[]> missing = Map.of("exp_avg", new double[3]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.restore(missing, 1));
    assertTrue(e.getMessage().contains("exp_avg_sq"), e.getMessage());

    Map<String, double[]> extra = new HashMap<>(Map.of("exp_avg", new double[3], "exp_avg_sq",
        new double[3], "max_exp_avg_sq", new double[3]));
    e = assertThrows(IllegalArgumentException.class, () -> a.restore(extra, 1));
    assertTrue(e.getMessage().contains("max_exp_avg_sq"), e.getMessage());

    Map<String, double[]> shortArr = Map.of("exp_avg", new double[3], "exp_avg_sq", new double[2]);
    e = assertThrows(IllegalArgumentException.class, () -> a.restore(shortArr, 1));
    assertTrue(e.getMessage().contains("exp_avg_sq") && e.getMessage().contains("2"));
    // a failed restore leaves the state as it was
    assertEquals(0.1, m[0], TOL);
    assertEquals(1, a.steps());
    assertThrows(IllegalArgumentException.class, () -> a.restore(a.state(), -1));
  }

  @Test
  void stepChecksSizesAndLearningRate() {
    Optimizer opt = new Sgd(3);
    assertThrows(IllegalArgumentException.class,
        () -> opt.step(new double[3], new double[2], 0.1));
    assertThrows(IllegalArgumentException.class,
        () -> opt.step(new double[4], new double[4], 0.1));
    assertThrows(IllegalArgumentException.class,
        () -> opt.step(new double[3], new double[3], Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> opt.step(new double[3], new double[3], -0.1));
    assertEquals(0, opt.steps());
  }

  @Test
  void factoryNamesDefaultsAndErrors() {
    assertEquals(Map.of("momentum", 0.0), Optimizers.create("sgd", 4).hyper());
    assertEquals(Map.of("momentum", 0.9), Optimizers.create("momentum", 4).hyper());
    assertEquals("nesterov", Optimizers.create(" Nesterov ", 4).name());
    assertEquals(Map.of("eps", 1e-10), Optimizers.create("adagrad", 4).hyper());
    assertEquals(Map.of("alpha", 0.99, "eps", 1e-8, "momentum", 0.0),
        Optimizers.create("rmsprop", 4).hyper());
    assertEquals(Map.of("beta1", 0.9, "beta2", 0.999, "eps", 1e-8),
        Optimizers.create("adam", 4).hyper());
    for (String name : Optimizers.NAMES) {
      Optimizer o = Optimizers.create(name, 4);
      assertEquals(name, o.name());
      assertEquals(4, o.size());
    }

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.create("adamw", 4));
    assertTrue(e.getMessage().contains("'adamw'") && e.getMessage().contains("rmsprop"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.create("adam", Map.of("momentum", 0.9), 4));
    assertTrue(e.getMessage().contains("'momentum'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.create("adam", Map.of("beta1", 1.0), 4));
    assertTrue(e.getMessage().contains("beta1"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Optimizers.create("momentum", Map.of("momentum", 0.0), 4));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(4, 0.0, true));
    assertThrows(IllegalArgumentException.class, () -> new Adagrad(4, -1e-10));
  }

  private static double[] gaussian(Random rnd, int n) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = rnd.nextGaussian();
    }
    return g;
  }
}
