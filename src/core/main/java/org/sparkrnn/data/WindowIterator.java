package org.sparkrnn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import org.sparkrnn.model.Example;

/**
 * The windows that start inside one input split, cut while its tokens stream by (memory: one
 * window). {@code tokens} yields the split's tokens, which sit at document positions
 * [{@code from}, {@code from + count}), followed by the tokens of the next splits of the same
 * document; example ids count up from {@code firstId}.
 */
final class WindowIterator implements Iterator<Example> {
  private final PrimitiveIterator.OfInt tokens;
  private final String file;
  private final int stride;
  private final int length;
  private final long lastStart;
  private long nextStart;
  private long nextId;
  private long pos; // document position of the next token to read
  private final int[] buf;
  private long bufStart;
  private int bufLen;

  WindowIterator(PrimitiveIterator.OfInt tokens, String file, long from, long count, long docLength,
      int window, int stride, long firstId) {
    this.tokens = tokens;
    this.file = file;
    this.stride = stride;
    this.length = docLength < 2 ? 0 : Windows.length(docLength, window);
    this.lastStart = Math.min(from + count - 1, Windows.lastStart(docLength, window, stride));
    this.nextStart = Windows.firstStart(from, stride);
    this.nextId = firstId;
    this.pos = from;
    this.buf = new int[length + 1];
    this.bufStart = nextStart;
  }

  @Override
  public boolean hasNext() {
    return nextStart <= lastStart;
  }

  @Override
  public Example next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    long s = nextStart;
    int drop = (int) Math.min(bufLen, s - bufStart);
    System.arraycopy(buf, drop, buf, 0, bufLen - drop);
    bufLen -= drop;
    bufStart = s;
    while (bufLen < length + 1) {
      if (!tokens.hasNext()) {
        throw new IllegalStateException(file + " changed while it was read (fewer tokens than "
            + "the first pass counted)");
      }
      int t = tokens.nextInt();
      if (pos++ >= s) {
        buf[bufLen++] = t;
      }
    }
    int[] in = new int[length];
    int[] next = new int[length];
    System.arraycopy(buf, 0, in, 0, length);
    System.arraycopy(buf, 1, next, 0, length);
    nextStart += stride;
    return Example.ofTokens(nextId++, in, next);
  }
}
