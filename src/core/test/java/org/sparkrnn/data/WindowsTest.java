package org.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.Example;

class WindowsTest {
  /** Brute force: starts 0, S, 2S, ... with L = min(T, n−1) inputs and L following tokens. */
  private static List<int[]> reference(int n, int t, int s) {
    List<int[]> out = new ArrayList<>();
    if (n < 2) {
      return out;
    }
    int len = Math.min(t, n - 1);
    for (int start = 0; start + len <= n - 1; start += s) {
      out.add(new int[] {start, len});
    }
    return out;
  }

  @Test
  void countsMatchBruteForce() {
    for (int n = 0; n <= 40; n++) {
      for (int t = 1; t <= 9; t++) {
        for (int s = 1; s <= 11; s++) {
          List<int[]> ref = reference(n, t, s);
          assertEquals(ref.size(), Windows.count(n, t, s), "n=" + n + " T=" + t + " S=" + s);
          for (int a = 0; a <= n; a += 3) {
            for (int b = a; b <= n; b += 4) {
              int from = a;
              int to = b;
              long expected = ref.stream().filter(w -> w[0] >= from && w[0] < to).count();
              assertEquals(expected, Windows.countIn(a, b, n, t, s));
            }
          }
        }
      }
    }
  }

  @Test
  void knownCounts() {
    assertEquals(3, Windows.count(10, 3, 3)); // starts 0, 3, 6 (6+3 = 9 ≤ 9)
    assertEquals(1, Windows.count(4, 8, 2)); // one short window of 3
    assertEquals(0, Windows.count(1, 8, 2));
    assertEquals(7, Windows.count(10, 3, 1));
  }

  /** The iterator over split pieces gives the same windows as cutting the whole array. */
  @Test
  void iteratorAcrossSplitsMatchesWholeDocument() {
    int[] doc = IntStream.range(0, 37).map(i -> i * 7 % 13).toArray();
    for (int t : new int[] {1, 4, 8, 50}) {
      for (int s : new int[] {1, 3, 4, 9}) {
        List<int[]> ref = reference(doc.length, t, s);
        for (int[] cuts : new int[][] {{}, {5}, {1, 2, 3, 20}, {10, 11, 30, 36}}) {
          List<Example> got = new ArrayList<>();
          int[] bounds = IntStream.concat(IntStream.concat(IntStream.of(0), Arrays.stream(cuts)),
              IntStream.of(doc.length)).toArray();
          long id = 0;
          for (int i = 0; i + 1 < bounds.length; i++) {
            int from = bounds[i];
            int to = bounds[i + 1];
            int[] piece = Arrays.copyOfRange(doc, from, Math.min(doc.length, to + t));
            WindowIterator it = new WindowIterator(Arrays.stream(piece).iterator(), "f", from,
                to - from, doc.length, t, s, id);
            while (it.hasNext()) {
              got.add(it.next());
            }
            id += Windows.countIn(from, to, doc.length, t, s);
          }
          assertEquals(ref.size(), got.size());
          for (int k = 0; k < ref.size(); k++) {
            int start = ref.get(k)[0];
            int len = ref.get(k)[1];
            assertEquals(k, got.get(k).id());
            assertArrayEquals(Arrays.copyOfRange(doc, start, start + len), got.get(k).tokens());
            assertArrayEquals(Arrays.copyOfRange(doc, start + 1, start + len + 1),
                got.get(k).labels());
          }
        }
      }
    }
  }
}
