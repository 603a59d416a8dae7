package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.sparkrnn.diag.DiagnosticSums;
import org.sparkrnn.train.GradientSum;

/**
 * A gradient sum through the exchange's byte form: every field back bit for bit (subnormals, NaN
 * payloads, -0.0), absent fields stay absent, and several tasks can read the same bytes at once
 * (as local-mode tasks do when they exchange bytes: {@code SparkTrainer.bytesInLocalMode}).
 */
class GradientWireTest {
  static GradientSum sample() {
    GradientSum s = new GradientSum(8);
    for (int i = 0; i < 5; i++) {
      s.grad[i] = Math.scalb(1.0 + i / 7.0, -i * 300);
    }
    s.grad[5] = Double.longBitsToDouble(0x7ff8_0000_0000_1234L);
    s.grad[6] = -0.0;
    s.grad[7] = Double.MIN_VALUE;
    s.loss = Math.PI;
    s.items = 12;
    s.weight = 10.5;
    s.steps = 34;
    s.examples = 3;
    s.maxComputeNanos = 987_654_321L;
    s.totalComputeNanos = 1_987_654_321L;
    s.computeTasks = 3;
    s.states = new HashMap<>();
    for (long id = 0; id < 20; id++) {
      s.states.put(id, new double[] {id / 3.0, -id});
    }
    s.normStats = new double[] {4, 5.5, -6.25};
    return s;
  }

  static void assertSame(GradientSum want, GradientSum got) {
    assertEquals(want.grad.length, got.grad.length);
    for (int i = 0; i < want.grad.length; i++) {
      assertEquals(Double.doubleToRawLongBits(want.grad[i]),
          Double.doubleToRawLongBits(got.grad[i]), "grad[" + i + "]");
    }
    assertEquals(want.loss, got.loss);
    assertEquals(want.items, got.items);
    assertEquals(want.weight, got.weight);
    assertEquals(want.steps, got.steps);
    assertEquals(want.examples, got.examples);
    assertEquals(want.maxComputeNanos, got.maxComputeNanos);
    assertEquals(want.totalComputeNanos, got.totalComputeNanos);
    assertEquals(want.computeTasks, got.computeTasks);
    assertEquals(want.states == null, got.states == null, "states");
    if (want.states != null) {
      assertEquals(want.states.keySet(), got.states.keySet());
      for (Long id : want.states.keySet()) {
        assertArrayEquals(want.states.get(id), got.states.get(id));
      }
    }
    assertArrayEquals(want.normStats, got.normStats);
  }

  @Test
  void roundTripKeepsEveryBit() {
    GradientSum want = sample();
    byte[] bytes = GradientWire.encode(want);
    byte[] before = bytes.clone();
    assertSame(want, GradientWire.decode(bytes));
    assertArrayEquals(before, bytes, "decoding only reads");
  }

  @Test
  void rowSparsePartSendsOnlyItsTouchedRowsAndKeepsEveryBit() {
    GradientSum want = new GradientSum(3 + 50 * 4 + 5);
    want.sparseOffset = 3;
    want.sparseRows = 50;
    want.sparseWidth = 4;
    for (int i : new int[] {0, 1, 2, 203, 204, 205, 206, 207}) {
      want.grad[i] = 1.0 / (i + 1);
    }
    want.grad[3 + 7 * 4 + 2] = -0.0; // a row whose only non-zero bits are a sign: it travels
    want.grad[3 + 31 * 4] = Double.MIN_VALUE;
    want.grad[3 + 49 * 4 + 3] = Math.E;
    byte[] rows = GradientWire.encode(want);
    GradientSum got = GradientWire.decodePart(rows);
    assertSame(want, got);
    assertEquals(rows.length, got.wireBytes);
    assertEquals(50, got.sparseRows);
    GradientSum dense = GradientWire.decode(rows);
    dense.sparseRows = 0;
    byte[] all = GradientWire.encode(dense);
    // 47 of 50 rows of 4 doubles stay home; each of the 3 sent costs a 4-byte id, plus a count
    assertEquals(47 * 4 * Double.BYTES - 3 * Integer.BYTES - Integer.BYTES, all.length - rows.length);
  }

  @Test
  void anEmptySumStaysEmpty() {
    GradientSum got = GradientWire.decode(GradientWire.encode(new GradientSum()));
    assertNull(got.grad);
    assertNull(got.states);
    assertNull(got.normStats);
    assertEquals(0, got.items);
  }

  @Test
  void aDiagnosedSumIsRefused() {
    GradientSum s = sample();
    s.diagnostics = new DiagnosticSums();
    assertThrows(IllegalArgumentException.class, () -> GradientWire.encode(s));
  }

  @Test
  void trailingBytesAreAnError() {
    byte[] bytes = GradientWire.encode(sample());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 8);
    assertThrows(IllegalStateException.class, () -> GradientWire.decode(longer));
  }

  @Test
  void concurrentReadersOfOneArrayEachGetTheWholeSum() throws Exception {
    GradientSum want = sample();
    byte[] shared = GradientWire.encode(want);
    byte[] before = shared.clone();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        readers.add(pool.submit(() -> {
          for (int i = 0; i < 2000; i++) {
            assertSame(want, GradientWire.decode(shared));
          }
          return null;
        }));
      }
      for (Future<?> r : readers) {
        r.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertArrayEquals(before, shared);
  }
}
