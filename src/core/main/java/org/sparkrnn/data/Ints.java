package org.sparkrnn.data;

import java.util.Arrays;

/** A growable int array (no boxing). */
final class Ints {
  private int[] a = new int[16];
  private int n;

  void add(int v) {
    if (n == a.length) {
      a = Arrays.copyOf(a, n * 2);
    }
    a[n++] = v;
  }

  int size() {
    return n;
  }

  int get(int i) {
    return a[i];
  }

  void clear() {
    n = 0;
  }

  int[] toArray() {
    return Arrays.copyOf(a, n);
  }
}
