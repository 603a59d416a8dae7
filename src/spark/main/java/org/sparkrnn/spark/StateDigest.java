package org.sparkrnn.spark;

import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit digest of one replica's training state at the end of a barrier segment: the bits of
 * every parameter and optimizer-state value (state arrays by name), the optimizer's step count and
 * the skip counters. Equal states give equal digests; the driver compares every task's with
 * partition 0's instead of assuming the replicas stayed identical. Not a cryptographic hash: it
 * catches a replica that drifted, not one forged.
 */
final class StateDigest {
  private static final long PRIME = 0x100000001b3L;

  private long h = 0xcbf29ce484222325L;

  private StateDigest() {}

  static long of(double[] params, Map<String, double[]> optimizerState, long optimizerSteps,
      long badSteps, int badInARow) {
    StateDigest d = new StateDigest();
    d.add(params);
    for (Map.Entry<String, double[]> e : new TreeMap<>(optimizerState).entrySet()) {
      d.add(e.getKey().hashCode());
      d.add(e.getValue());
    }
    d.add(optimizerSteps);
    d.add(badSteps);
    d.add(badInARow);
    return d.finish();
  }

  private void add(double[] values) {
    add(values.length);
    for (double v : values) {
      add(Double.doubleToRawLongBits(v));
    }
  }

  private void add(long v) {
    h = (h ^ v) * PRIME;
    h = Long.rotateLeft(h, 31);
  }

  /** SplitMix64's finalizer, so nearby states give far-apart digests. */
  private long finish() {
    long z = h;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
