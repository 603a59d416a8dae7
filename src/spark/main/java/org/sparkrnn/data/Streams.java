package org.sparkrnn.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.sparkrnn.model.Example;
import scala.Tuple2;

/**
 * A language model's windows as B contiguous streams ({@code data.order=stream}): with the M
 * windows in corpus order (stride = window, so window i+1 continues where window i ends, except
 * where a file ends and the next begins), stream s is windows s·K … s·K+K−1 joined, K = ⌊M/B⌋;
 * the last M − B·K windows (fewer than B) are left out. Each stream is one example of K·T steps,
 * id s: the trainer steps it window by window with the state carried (train.bptt.window = T),
 * and every epoch starts each stream from a zero state.
 */
final class Streams {
  private Streams() {}

  /** {@code windows} (ids 0..count−1 in corpus order) as at most {@code streams} streams. */
  static ExampleSet of(ExampleSet windows, int streams) {
    if (windows.count() == 0) {
      return windows;
    }
    int b = (int) Math.min(streams, windows.count());
    long k = windows.count() / b;
    long used = k * b;
    JavaRDD<Example> joined = windows.examples()
        .filter(e -> e.id() < used)
        .mapToPair(e -> new Tuple2<>(e.id() / k, e))
        .groupByKey()
        .map(t -> join(t._1, t._2));
    return new ExampleSet(joined, b);
  }

  /** The windows of one stream, in id order, as one example. */
  private static Example join(long stream, Iterable<Example> windows) {
    List<Example> list = new ArrayList<>();
    windows.forEach(list::add);
    list.sort((a, b) -> Long.compare(a.id(), b.id()));
    int n = 0;
    for (Example w : list) {
      n += w.length();
    }
    int[] tokens = new int[n];
    int[] labels = new int[n];
    int at = 0;
    for (Example w : list) {
      System.arraycopy(w.tokens(), 0, tokens, at, w.length());
      System.arraycopy(w.labels(), 0, labels, at, w.length());
      at += w.length();
    }
    return Example.ofTokens(stream, tokens, labels);
  }
}
