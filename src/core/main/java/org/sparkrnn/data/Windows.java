package org.sparkrnn.data;

/**
 * Where windows start in a document of n tokens, for window length T and stride S: every S
 * tokens from the start, each window holding L = min(T, n−1) inputs and the L tokens that follow
 * them (so a document shorter than T+1 gives one shorter window, and one of fewer than 2 tokens
 * none). The tail after the last whole window is not a window start.
 */
public final class Windows {
  private Windows() {}

  /** L: inputs per window of a document of {@code n} tokens (n ≥ 2). */
  public static int length(long n, int window) {
    return (int) Math.min(window, n - 1);
  }

  /** The last valid start, or −1 when the document has no window. */
  public static long lastStart(long n, int window, int stride) {
    if (n < 2) {
      return -1;
    }
    long last = n - 1 - length(n, window);
    return last - last % stride;
  }

  /** Windows of a document of {@code n} tokens. */
  static long count(long n, int window, int stride) {
    return n < 2 ? 0 : lastStart(n, window, stride) / stride + 1;
  }

  /** Window starts in token positions [from, to) of a document of {@code n} tokens. */
  static long countIn(long from, long to, long n, int window, int stride) {
    long hi = Math.min(to - 1, lastStart(n, window, stride));
    if (hi < from) {
      return 0;
    }
    long first = (from + stride - 1) / stride;
    return hi / stride - first + 1;
  }

  /** The first window start at or after {@code from}. */
  static long firstStart(long from, int stride) {
    return (from + stride - 1) / stride * stride;
  }
}
