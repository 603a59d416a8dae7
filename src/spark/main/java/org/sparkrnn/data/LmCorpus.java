package org.sparkrnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.function.IntUnaryOperator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.sparkrnn.model.Example;

/**
 * A language-model corpus cut into windows, exactly, in two passes and without collecting text:
 * pass one counts each input split's tokens and keeps its first T of them; the driver then knows
 * every document's length (a document is a file) and where each split's windows continue, and
 * gives every window a global index — documents in path order (for {@code data.split=document}
 * the held-out files last); pass two cuts the windows inside each split, streaming. Windows never
 * cross files, and the result does not depend on how the files are split.
 */
final class LmCorpus {
  private LmCorpus() {}

  /** Pass one: one {@link SplitStats} per input split. */
  static List<SplitStats> stats(JavaHadoopRDD<LongWritable, Text> rdd, boolean replace,
      Tokenizer tok, int head, boolean distinct) {
    JavaRDD<SplitStats> s = TextFiles.mapSplits(rdd, replace, (file, start, lines) -> {
      SplitStats st = new SplitStats(file, start);
      Ints first = new Ints();
      Ints line = new Ints();
      BitSet seen = distinct ? new BitSet() : null;
      try {
        while (lines.hasNext()) {
          TextLine l = lines.next();
          line.clear();
          st.skipped += tok.tokens(file, l, line);
          st.chars += l.text.length() + 1;
          st.replaced += l.replaced;
          st.controls += l.controls;
          for (int i = 0; i < line.size(); i++) {
            if (first.size() < head) {
              first.add(line.get(i));
            }
            if (seen != null) {
              seen.set(line.get(i));
            }
          }
          st.tokens += line.size();
        }
      } catch (DataException e) {
        st.error = e.getMessage(); // reported by the driver: the first in file order
      }
      st.head = first.toArray();
      st.distinct = seen == null ? null : seen.stream().toArray();
      return Collections.singletonList(st).iterator();
    });
    List<SplitStats> all = DataException.unwrapping(s::collect);
    all.stream().filter(st -> st.error != null)
        .min((a, b) -> a.file.equals(b.file) ? Long.compare(a.start, b.start)
            : a.file.compareTo(b.file))
        .ifPresent(st -> {
          throw new DataException(st.error);
        });
    return all;
  }

  /** Where one split's windows start and run on; shipped with the pass-two closure. */
  static final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;
    long from;
    long tokens;
    long docLength;
    long firstId;
    int[] continuation;
  }

  /** Every split's plan, the window count, and where validation begins. */
  static final class Layout implements Serializable {
    private static final long serialVersionUID = 1L;
    final HashMap<String, Plan> plans = new HashMap<>();
    long windows;
    long cutoff;
    DataStats stats;
  }

  /**
   * The driver's part: checks every file (binary, too short), orders the documents, plans the
   * windows of every split and the validation cut. {@code headMap} turns the kept first tokens
   * into the ids pass two produces (identity when they already are).
   */
  static Layout layout(List<SplitStats> stats, String path, String key, int window, int stride,
      double fraction, boolean byDocument, IntUnaryOperator headMap) {
    Map<String, List<SplitStats>> byFile = new LinkedHashMap<>();
    List<SplitStats> sorted = new ArrayList<>(stats);
    sorted.sort((a, b) -> a.file.equals(b.file) ? Long.compare(a.start, b.start)
        : a.file.compareTo(b.file));
    long replaced = 0;
    long skipped = 0;
    for (SplitStats s : sorted) {
      byFile.computeIfAbsent(s.file, f -> new ArrayList<>()).add(s);
      replaced += s.replaced;
      skipped += s.skipped;
    }
    List<String> docs = new ArrayList<>();
    Map<String, Long> lengths = new HashMap<>();
    for (Map.Entry<String, List<SplitStats>> e : byFile.entrySet()) {
      long n = 0;
      long chars = 0;
      long odd = 0;
      for (SplitStats s : e.getValue()) {
        n += s.tokens;
        chars += s.chars;
        odd += s.controls + s.replaced;
      }
      if (odd > 0 && odd * 10 > chars) {
        throw new DataException(e.getKey() + ": mostly not text (" + odd + " of " + chars
            + " characters are control characters or invalid bytes); is it a binary file?");
      }
      if (n == 1) {
        throw new DataException(e.getKey() + ": a single token; a language model needs at least 2");
      }
      if (n >= 2) {
        docs.add(e.getKey());
        lengths.put(e.getKey(), n);
      }
    }
    if (docs.isEmpty()) {
      throw new DataException(key + ": empty corpus, no text in " + path);
    }
    List<String> order = docs;
    long held = 0;
    if (byDocument && fraction > 0) {
      List<String> validation = Splits.lastFraction(docs, fraction, "files with text", path);
      order = new ArrayList<>(docs);
      order.removeAll(validation);
      order.addAll(validation);
      for (String d : validation) {
        held += Windows.count(lengths.get(d), window, stride);
      }
    }
    Layout layout = new Layout();
    long id = 0;
    for (String doc : order) {
      long n = lengths.get(doc);
      List<SplitStats> splits = byFile.get(doc);
      long from = 0;
      for (int i = 0; i < splits.size(); i++) {
        SplitStats s = splits.get(i);
        Plan p = new Plan();
        p.from = from;
        p.tokens = s.tokens;
        p.docLength = n;
        p.firstId = id;
        p.continuation = continuation(splits, i + 1, window, headMap);
        layout.plans.put(s.key(), p);
        id += Windows.countIn(from, from + s.tokens, n, window, stride);
        from += s.tokens;
      }
    }
    layout.windows = id;
    layout.cutoff = byDocument ? id - held : Splits.cutoff(id, fraction, "windows", path);
    layout.stats = new DataStats(docs.size(), replaced, skipped, 0);
    return layout;
  }

  /** The first {@code window} tokens after split {@code from}−1 of a file. */
  private static int[] continuation(List<SplitStats> splits, int from, int window,
      IntUnaryOperator headMap) {
    Ints c = new Ints();
    for (int i = from; i < splits.size() && c.size() < window; i++) {
      for (int t : splits.get(i).head) {
        if (c.size() < window) {
          c.add(headMap.applyAsInt(t));
        }
      }
    }
    return c.toArray();
  }

  /** Pass two: the windows, with their global index as id. */
  static JavaRDD<Example> windows(JavaHadoopRDD<LongWritable, Text> rdd, boolean replace,
      Tokenizer tok, Layout layout, int window, int stride) {
    HashMap<String, Plan> plans = layout.plans;
    return TextFiles.mapSplits(rdd, replace, (file, start, lines) -> {
      Plan p = plans.get(SplitStats.key(file, start));
      if (p == null) {
        return Collections.emptyIterator(); // no tokens, or a file of no windows
      }
      return new WindowIterator(new TokenStream(file, lines, tok, p.continuation), file, p.from,
          p.tokens, p.docLength, window, stride, p.firstId);
    });
  }

  /** A split's tokens, line after line, then the continuation. */
  private static final class TokenStream implements PrimitiveIterator.OfInt {
    private final String file;
    private final Iterator<TextLine> lines;
    private final Tokenizer tok;
    private final int[] tail;
    private final Ints line = new Ints();
    private int i;
    private int t;

    TokenStream(String file, Iterator<TextLine> lines, Tokenizer tok, int[] tail) {
      this.file = file;
      this.lines = lines;
      this.tok = tok;
      this.tail = tail;
    }

    @Override
    public boolean hasNext() {
      while (i >= line.size() && lines.hasNext()) {
        line.clear();
        i = 0;
        tok.tokens(file, lines.next(), line);
      }
      return i < line.size() || t < tail.length;
    }

    @Override
    public int nextInt() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return i < line.size() ? line.get(i++) : tail[t++];
    }
  }
}
