package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
  private static final double TOL = 1e-15;

  @Test
  void constant() {
    LrSchedule s = LrSchedule.constant(0.3);
    assertEquals(0.3, s.lr(0));
    assertEquals(0.3, s.lr(1_000_000_000_000L));
  }

  @Test
  void stepDecayChangesExactlyAtBoundaries() {
    // lr * 0.5^floor(k / 10)
    LrSchedule s = LrSchedule.stepDecay(0.1, 10, 0.5);
    assertEquals(0.1, s.lr(0), TOL);
    assertEquals(0.1, s.lr(9), TOL);
    assertEquals(0.05, s.lr(10), TOL);
    assertEquals(0.05, s.lr(19), TOL);
    assertEquals(0.025, s.lr(20), TOL);
    assertEquals(0.1 / 1024, s.lr(100), TOL);
  }

  @Test
  void exponential() {
    // lr * 0.9^k
    LrSchedule s = LrSchedule.exponential(0.2, 0.9);
    assertEquals(0.2, s.lr(0), TOL);
    assertEquals(0.18, s.lr(1), TOL);
    assertEquals(0.162, s.lr(2), TOL);
    assertEquals(0.2 * 0.3486784401, s.lr(10), TOL);
  }

  @Test
  void cosineStartMidpointEnd() {
    // min + (lr - min) * (1 + cos(pi k / T)) / 2, lr 1, min 0.1, T 100
    LrSchedule s = LrSchedule.cosine(1.0, 0.1, 100);
    assertEquals(1.0, s.lr(0), TOL);
    assertEquals(0.55, s.lr(50), 1e-15);
    // k = 25: cos(pi/4) = sqrt(2)/2 -> 0.1 + 0.9 * (1 + 0.70710678) / 2 = 0.86819805153394639
    assertEquals(0.86819805153394639, s.lr(25), 1e-15);
    assertEquals(0.1, s.lr(100), TOL);
    assertEquals(0.1, s.lr(250), TOL);
    assertTrue(s.lr(99) > 0.1 && s.lr(99) < 0.1003);
  }

  @Test
  void warmupIsLinearThenHandsOver() {
    // W = 5 before constant 0.1: (k+1)/5 * 0.1 for k < 5, then 0.1
    LrSchedule s = LrSchedule.warmup(5, LrSchedule.constant(0.1));
    assertEquals(0.02, s.lr(0), TOL);
    assertEquals(0.06, s.lr(2), TOL);
    assertEquals(0.1, s.lr(4), TOL);
    assertEquals(0.1, s.lr(5), TOL);
    assertEquals(0.1, s.lr(500), TOL);
  }

  @Test
  void warmupShiftsTheScheduleItWraps() {
    // W = 10 before cosine(1 -> 0, T = 100): the cosine's step 0 is step 10 overall
    LrSchedule s = LrSchedule.warmup(10, LrSchedule.cosine(1.0, 0.0, 100));
    assertEquals(0.1, s.lr(0), TOL);
    assertEquals(1.0, s.lr(9), TOL);
    assertEquals(1.0, s.lr(10), TOL);
    assertEquals(0.5, s.lr(60), 1e-15);
    assertEquals(0.0, s.lr(110), TOL);
    // and before step decay: boundaries move by W
    LrSchedule d = LrSchedule.warmup(3, LrSchedule.stepDecay(0.4, 2, 0.5));
    assertEquals(0.4 / 3, d.lr(0), TOL);
    assertEquals(0.4, d.lr(4), TOL);
    assertEquals(0.2, d.lr(5), TOL);
  }

  @Test
  void factory() {
    assertEquals(LrSchedule.constant(0.1), LrSchedule.create("constant", 0.1, Map.of()));
    assertEquals(LrSchedule.stepDecay(0.1, 10, 0.5),
        LrSchedule.create("step", 0.1, Map.of("step_size", 10.0, "gamma", 0.5)));
    assertEquals(LrSchedule.exponential(0.1, 0.99),
        LrSchedule.create("Exponential", 0.1, Map.of("gamma", 0.99)));
    assertEquals(LrSchedule.cosine(0.1, 0.0, 50),
        LrSchedule.create("cosine", 0.1, Map.of("total_steps", 50.0)));
    LrSchedule w = LrSchedule.create("cosine", 0.1,
        Map.of("total_steps", 50.0, "min_lr", 0.01, "warmup_steps", 4.0));
    assertInstanceOf(LrSchedule.Warmup.class, w);
    assertEquals(0.025, w.lr(0), TOL);
    assertEquals(0.01, w.lr(54), TOL);
    assertEquals(LrSchedule.constant(0.1),
        LrSchedule.create("constant", 0.1, Map.of("warmup_steps", 0.0)));
  }

  @Test
  void factoryErrorsNameTheProblem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LrSchedule.create("linear", 0.1, Map.of()));
    assertTrue(e.getMessage().contains("'linear'") && e.getMessage().contains("cosine"));
    e = assertThrows(IllegalArgumentException.class,
        () -> LrSchedule.create("step", 0.1, Map.of("gamma", 0.5)));
    assertTrue(e.getMessage().contains("step_size"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LrSchedule.create("exponential", 0.1, Map.of("gamma", 0.5, "total_steps", 3.0)));
    assertTrue(e.getMessage().contains("'total_steps'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LrSchedule.create("step", 0.1, Map.of("step_size", 2.5, "gamma", 0.5)));
    assertTrue(e.getMessage().contains("step_size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(-1));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.exponential(0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(0.1).lr(-1));
  }
}
