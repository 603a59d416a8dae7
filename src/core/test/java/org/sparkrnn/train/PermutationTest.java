package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-epoch order: a bijection, reproducible from (n, seed, epoch), different per epoch. */
class PermutationTest {

  private static long[] positions(long n, long seed, long epoch) {
    Permutation p = new Permutation(n, seed, epoch);
    long[] pos = new long[(int) n];
    for (int id = 0; id < n; id++) {
      pos[id] = p.position(id);
    }
    return pos;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 100, 1000, 4097})
  void positionsAreABijectionOntoTheRange(int n) {
    for (long epoch = 0; epoch < 3; epoch++) {
      long[] pos = positions(n, 42, epoch);
      boolean[] seen = new boolean[n];
      for (int id = 0; id < n; id++) {
        long q = pos[id];
        assertTrue(q >= 0 && q < n, "position " + q + " of id " + id + " outside 0.." + (n - 1));
        assertFalse(seen[(int) q], "position " + q + " taken twice (n=" + n + ")");
        seen[(int) q] = true;
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 100, 1000, 4097})
  void sameInputsGiveTheSameOrder(int n) {
    for (long epoch = 0; epoch < 3; epoch++) {
      assertArrayEquals(positions(n, 9, epoch), positions(n, 9, epoch));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 100, 1000, 4097})
  void differentEpochsAndSeedsGiveDifferentOrders(int n) {
    int epochs = 6;
    long[][] orders = new long[epochs][];
    for (int e = 0; e < epochs; e++) {
      orders[e] = positions(n, 42, e);
    }
    for (int e = 0; e < epochs; e++) {
      for (int f = e + 1; f < epochs; f++) {
        assertFalse(Arrays.equals(orders[e], orders[f]),
            "epochs " + e + " and " + f + " give the same order for n=" + n);
      }
    }
    assertFalse(Arrays.equals(positions(n, 42, 0), positions(n, 43, 0)),
        "seeds 42 and 43 give the same order for n=" + n);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 1000, 4097})
  void theOrderIsShuffled(int n) {
    long[] pos = positions(n, 42, 0);
    int fixed = 0;
    for (int id = 0; id < n; id++) {
      fixed += pos[id] == id ? 1 : 0;
    }
    // a random permutation has about one fixed point; the identity has n
    assertTrue(fixed < n / 10, fixed + " of " + n + " ids stay in place");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 100, 1000, 4097})
  void idsOutOfRangeThrow(int n) {
    Permutation p = new Permutation(n, 1, 0);
    assertThrows(IllegalArgumentException.class, () -> p.position(-1));
    assertThrows(IllegalArgumentException.class, () -> p.position(n));
    assertThrows(IllegalArgumentException.class, () -> p.position(Long.MAX_VALUE));
    assertEquals(0, new Permutation(1, 1, 0).position(0));
  }

  @org.junit.jupiter.api.Test
  void emptyDomainIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Permutation(0, 1, 0));
  }
}
