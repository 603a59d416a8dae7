package org.sparkrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Examples → padded time-major batches, and per-sequence state rows ↔ batch states. */
class BatchesTest {
  private static final int IN = 2;

  private static double feature(long id, int t, int j) {
    return id * 100 + t * 10 + j + 1;
  }

  private static Example dense(long id, int length, int[] labels, double[] targets) {
    double[] f = new double[length * IN];
    for (int t = 0; t < length; t++) {
      for (int j = 0; j < IN; j++) {
        f[t * IN + j] = feature(id, t, j);
      }
    }
    return Example.ofFeatures(id, length, f, labels, targets);
  }

  private static int[] labels(long id, int length, int classes) {
    int[] l = new int[length];
    for (int t = 0; t < length; t++) {
      l[t] = (int) ((id + t) % classes);
    }
    return l;
  }

  private static ModelConfig.Builder base() {
    return ModelConfig.builder().cell(CellType.ELMAN).inputSize(IN).hiddenSize(4).outputSize(3);
  }

  @Test
  void manyToManyBatchIsTimeMajorAndPadded() {
    ModelConfig config = base().build();
    int[] lens = {3, 1, 2};
    List<Example> ex = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      ex.add(dense(10 + b, lens[b], labels(10 + b, lens[b], 3), null));
    }
    SequenceBatch sb = Batches.assemble(ex, config);
    assertEquals(3, sb.batch);
    assertEquals(3, sb.steps);
    assertArrayEquals(lens, sb.lengths);
    assertTrue(sb.perStepTargets);
    assertNull(sb.realTargets);
    assertNull(sb.tokens);
    assertEquals(3 * 3 * IN, sb.x.length);
    assertEquals(9, sb.classTargets.length);
    for (int t = 0; t < 3; t++) {
      for (int b = 0; b < 3; b++) {
        int r = t * 3 + b;
        boolean valid = t < lens[b];
        assertEquals(valid, sb.valid(t, b));
        assertEquals(valid, sb.scores(r), "row " + r + " scored");
        for (int j = 0; j < IN; j++) {
          assertEquals(valid ? feature(10 + b, t, j) : 0, sb.x[r * IN + j], 0.0,
              "x at t=" + t + " b=" + b + " j=" + j);
        }
        if (valid) {
          assertEquals(ex.get(b).labels()[t], sb.classTargets[r], "label t=" + t + " b=" + b);
        }
      }
    }
    sb.requireFits(config);
  }

  @Test
  void realTargetsPerStepAndTokens() {
    int o = 2;
    ModelConfig mse = base().outputSize(o).loss(Loss.IDENTITY_MSE).build();
    int[] lens = {2, 4};
    List<Example> ex = new ArrayList<>();
    for (int b = 0; b < 2; b++) {
      double[] y = new double[lens[b] * o];
      for (int i = 0; i < y.length; i++) {
        y[i] = -(b * 1000 + i + 1);
      }
      ex.add(dense(b, lens[b], null, y));
    }
    SequenceBatch sb = Batches.assemble(ex, mse);
    assertNull(sb.classTargets);
    assertEquals(4 * 2 * o, sb.realTargets.length);
    for (int t = 0; t < 4; t++) {
      for (int b = 0; b < 2; b++) {
        for (int k = 0; k < o; k++) {
          double expected = t < lens[b] ? ex.get(b).targets()[t * o + k] : 0;
          assertEquals(expected, sb.realTargets[(t * 2 + b) * o + k], 0.0);
        }
      }
    }
    sb.requireFits(mse);

    ModelConfig tok = base().vocabSize(9).build();
    List<Example> te = List.of(
        Example.ofTokens(0, new int[] {1, 2, 3}, new int[] {0, 1, 2}),
        Example.ofTokens(1, new int[] {8}, new int[] {2}));
    SequenceBatch tb = Batches.assemble(te, tok);
    assertNull(tb.x);
    assertArrayEquals(new int[] {1, 8, 2, 0, 3, 0}, tb.tokens);
    assertArrayEquals(new int[] {3, 1}, tb.lengths);
    assertEquals(0, tb.classTargets[0]);
    assertEquals(2, tb.classTargets[1]);
    assertEquals(1, tb.classTargets[2]);
    assertEquals(2, tb.classTargets[4]);
    assertFalse(tb.scores(3));
    assertFalse(tb.scores(5));
    tb.requireFits(tok);
  }

  @Test
  void equalLengthsNeedNoLengths() {
    ModelConfig config = base().build();
    List<Example> ex = List.of(dense(0, 3, labels(0, 3, 3), null), dense(1, 3, labels(1, 3, 3), null));
    SequenceBatch sb = Batches.assemble(ex, config);
    assertNull(sb.lengths);
    assertEquals(3, sb.length(0));
    assertEquals(3, sb.length(1));
  }

  @Test
  void windowsCutStepsAndPerStepTargets() {
    ModelConfig config = base().build();
    List<Example> ex = List.of(dense(0, 7, labels(0, 7, 3), null), dense(1, 3, labels(1, 3, 3), null));
    SequenceBatch w = Batches.window(ex, config, 2, 5);
    assertEquals(3, w.steps);
    assertArrayEquals(new int[] {3, 1}, w.lengths);
    for (int t = 0; t < 3; t++) {
      for (int b = 0; b < 2; b++) {
        int r = t * 2 + b;
        boolean valid = t < w.lengths[b];
        assertEquals(valid ? feature(b, 2 + t, 0) : 0, w.x[r * IN], 0.0);
        if (valid) {
          assertEquals(ex.get(b).labels()[2 + t], w.classTargets[r]);
        }
        assertEquals(valid, w.scores(r));
      }
    }
    // the per-step scored mask does not apply to many-to-many
    assertNull(w.scored);
    assertThrows(IllegalArgumentException.class, () -> Batches.window(ex, config, 3, 6),
        "example 1 has no step 3");
  }

  @Test
  void manyToOneScoresOnlyWindowsHoldingTheLastStep() {
    ModelConfig config = base().mode(OutputMode.MANY_TO_ONE).build();
    int[] lens = {3, 5, 8};
    List<Example> ex = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      ex.add(dense(b, lens[b], new int[] {b}, null));
    }
    SequenceBatch whole = Batches.assemble(ex, config);
    assertFalse(whole.perStepTargets);
    assertArrayEquals(new int[] {0, 1, 2}, whole.classTargets);
    assertArrayEquals(lens, whole.lengths);
    assertArrayEquals(new boolean[] {true, true, true}, whole.scored);
    whole.requireFits(config);

    SequenceBatch w0 = Batches.window(ex, config, 0, 4);
    assertEquals(4, w0.steps);
    assertArrayEquals(new int[] {3, 4, 4}, w0.lengths);
    assertArrayEquals(new boolean[] {true, false, false}, w0.scored);
    assertTrue(w0.scores(0));
    assertFalse(w0.scores(1));
    assertFalse(w0.scores(2));

    List<Example> rest = ex.subList(1, 3);
    SequenceBatch w1 = Batches.window(rest, config, 4, 8);
    assertArrayEquals(new int[] {1, 4}, w1.lengths);
    assertArrayEquals(new boolean[] {true, true}, w1.scored);
    assertArrayEquals(new int[] {1, 2}, w1.classTargets);
    assertEquals(feature(1, 4, 0), w1.x[0], 0.0);
    assertEquals(feature(2, 4, 0), w1.x[IN], 0.0);

    // real per-sequence targets: one row of O per sequence
    ModelConfig mse = base().mode(OutputMode.MANY_TO_ONE).loss(Loss.IDENTITY_MSE).build();
    List<Example> reals = List.of(dense(0, 2, null, new double[] {1, 2, 3}),
        dense(1, 6, null, new double[] {4, 5, 6}));
    SequenceBatch rw = Batches.window(reals, mse, 0, 3);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, rw.realTargets, 0.0);
    assertArrayEquals(new boolean[] {true, false}, rw.scored);
  }

  @Test
  void mismatchesAreRejected() {
    ModelConfig config = base().build();
    assertThrows(IllegalArgumentException.class, () -> Batches.assemble(List.of(), config));
    Example wide = Example.ofFeatures(4, 2, new double[6], new int[] {0, 0}, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.assemble(List.of(wide), config));
    assertTrue(e.getMessage().contains("example 4"), e.getMessage());
    Example noLabels = Example.ofFeatures(5, 2, new double[4], null, new double[6]);
    assertThrows(IllegalArgumentException.class, () -> Batches.assemble(List.of(noLabels), config));
  }

  private static void fill(RecurrentState s, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (double[][] part : new double[][][] {s.h, s.c, s.y == null ? null : new double[][] {s.y}}) {
      if (part != null) {
        for (double[] layer : part) {
          for (int i = 0; i < layer.length; i++) {
            layer[i] = r.nextGaussian();
          }
        }
      }
    }
  }

  private static void assertSameState(RecurrentState a, RecurrentState b) {
    assertEquals(a.batch, b.batch);
    assertEquals(a.h == null, b.h == null);
    assertEquals(a.c == null, b.c == null);
    assertEquals(a.y == null, b.y == null);
    if (a.h != null) {
      assertEquals(a.h.length, b.h.length);
      for (int l = 0; l < a.h.length; l++) {
        assertArrayEquals(a.h[l], b.h[l], 0.0, "h layer " + l);
      }
    }
    if (a.c != null) {
      assertEquals(a.c.length, b.c.length);
      for (int l = 0; l < a.c.length; l++) {
        assertArrayEquals(a.c[l], b.c[l], 0.0, "c layer " + l);
      }
    }
    if (a.y != null) {
      assertArrayEquals(a.y, b.y, 0.0, "y");
    }
  }

  private static List<double[]> rows(RecurrentState s) {
    List<double[]> out = new ArrayList<>();
    for (int b = 0; b < s.batch; b++) {
      out.add(s.row(b));
    }
    return out;
  }

  @Test
  void stateRowsRoundTripElmanTwoLayers() {
    int h = 4;
    int batch = 3;
    ModelConfig config = base().hiddenSize(h).layers(2).build();
    RecurrentState s = RecurrentState.zeros(config, batch);
    assertNull(s.c);
    assertNull(s.y);
    fill(s, 1);
    List<double[]> rows = rows(s);
    for (int b = 0; b < batch; b++) {
      double[] row = rows.get(b);
      assertEquals(2 * h, row.length);
      assertArrayEquals(Arrays.copyOfRange(s.h[0], b * h, (b + 1) * h), Arrays.copyOfRange(row, 0, h), 0.0);
      assertArrayEquals(Arrays.copyOfRange(s.h[1], b * h, (b + 1) * h), Arrays.copyOfRange(row, h, 2 * h), 0.0);
    }
    assertSameState(s, RecurrentState.fromRows(config, rows));
  }

  @Test
  void stateRowsRoundTripLstmIncludesC() {
    int h = 3;
    int batch = 4;
    ModelConfig config = base().cell(CellType.LSTM).hiddenSize(h).layers(2).build();
    RecurrentState s = RecurrentState.zeros(config, batch);
    assertEquals(2, s.c.length);
    fill(s, 2);
    List<double[]> rows = rows(s);
    for (int b = 0; b < batch; b++) {
      double[] row = rows.get(b);
      assertEquals(4 * h, row.length, "h and c of two layers");
      assertArrayEquals(Arrays.copyOfRange(s.c[0], b * h, (b + 1) * h),
          Arrays.copyOfRange(row, 2 * h, 3 * h), 0.0, "c of layer 0 after both h");
      assertArrayEquals(Arrays.copyOfRange(s.c[1], b * h, (b + 1) * h),
          Arrays.copyOfRange(row, 3 * h, 4 * h), 0.0, "c of layer 1");
    }
    assertSameState(s, RecurrentState.fromRows(config, rows));

    // a null row starts that sequence from zeros; the others keep their values
    List<double[]> some = new ArrayList<>(rows);
    some.set(1, null);
    RecurrentState partial = RecurrentState.fromRows(config, some);
    assertArrayEquals(new double[4 * h], partial.row(1), 0.0);
    assertArrayEquals(rows.get(0), partial.row(0), 0.0);
    assertArrayEquals(rows.get(3), partial.row(3), 0.0);
  }

  @Test
  void stateRowsRoundTripJordanIncludesY() {
    int h = 5;
    int o = 3;
    int batch = 2;
    ModelConfig config = base().cell(CellType.JORDAN).hiddenSize(h).outputSize(o).build();
    RecurrentState s = RecurrentState.zeros(config, batch);
    assertEquals(batch * o, s.y.length);
    fill(s, 3);
    List<double[]> rows = rows(s);
    for (int b = 0; b < batch; b++) {
      double[] row = rows.get(b);
      assertEquals(h + o, row.length);
      assertArrayEquals(Arrays.copyOfRange(s.y, b * o, (b + 1) * o),
          Arrays.copyOfRange(row, h, h + o), 0.0, "y after h");
    }
    assertSameState(s, RecurrentState.fromRows(config, rows));
  }
}
