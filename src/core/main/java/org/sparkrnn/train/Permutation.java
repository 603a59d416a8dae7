package org.sparkrnn.train;

import org.sparkrnn.model.Initializer;

/**
 * A seeded pseudo-random bijection of [0, n) per epoch: a 4-round Feistel network on the
 * smallest even-width power-of-two domain ≥ n, cycle-walked back into [0, n). Any holder of an
 * example id computes its position without seeing the other ids, so a Spark partition knows which
 * of its examples belong to step k's global batch, and the order is the same for every
 * partitioning.
 */
public final class Permutation {
  private static final int ROUNDS = 4;
  private final long n;
  private final int halfBits;
  private final long mask;
  private final long[] keys = new long[ROUNDS];

  public Permutation(long n, long seed, long epoch) {
    if (n < 1) {
      throw new IllegalArgumentException("cannot permute " + n + " items");
    }
    this.n = n;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
    if (bits % 2 == 1) {
      bits++;
    }
    this.halfBits = bits / 2;
    this.mask = (1L << halfBits) - 1;
    long base = Initializer.mix(seed, epoch);
    for (int i = 0; i < ROUNDS; i++) {
      keys[i] = Initializer.mix(base, i);
    }
  }

  /** The position of {@code id} (0 ≤ id < n) in this epoch's order. */
  public long position(long id) {
    if (id < 0 || id >= n) {
      throw new IllegalArgumentException("id " + id + " outside 0.." + (n - 1));
    }
    long v = id;
    do {
      v = encrypt(v);
    } while (v >= n);
    return v;
  }

  private long encrypt(long v) {
    long left = v >>> halfBits;
    long right = v & mask;
    for (long key : keys) {
      long next = left ^ (Initializer.mix(key, right) & mask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }
}
