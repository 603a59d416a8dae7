package org.sparkrnn.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * What one pass over labelled sequences learns, merged over partitions on the way to the driver:
 * the count, class names, characters, per-step and target widths (each with the first sequence
 * that has it, to name in an error), sequences per file, and counts of truncated sequences and
 * skipped characters. Small: no sequence data in it.
 */
final class Profile implements Serializable {
  private static final long serialVersionUID = 1L;
  long count;
  long truncated;
  long skipped;
  final HashSet<String> classes = new HashSet<>();
  final HashSet<Integer> chars = new HashSet<>();
  final HashMap<Integer, String> widths = new HashMap<>();
  final HashMap<Integer, String> targetWidths = new HashMap<>();
  final HashMap<String, Long> files = new HashMap<>();
  /** A problem found (the first, in message order, of those the partitions stopped at), or null. */
  String error;

  void add(RawSequence s, boolean learnChars) {
    count++;
    truncated += s.truncated ? 1 : 0;
    skipped += s.skipped;
    if (s.labels != null) {
      for (String l : s.labels) {
        classes.add(l);
      }
    }
    if (s.chars != null && learnChars) {
      for (int c : s.chars) {
        chars.add(c);
      }
    }
    if (s.chars == null) {
      first(widths, s.width, s.where);
    }
    if (s.targets != null) {
      first(targetWidths, s.targetWidth, s.where);
    }
    files.merge(s.file, 1L, Long::sum);
  }

  Profile merge(Profile o) {
    if (o.error != null && (error == null || o.error.compareTo(error) < 0)) {
      error = o.error;
    }
    count += o.count;
    truncated += o.truncated;
    skipped += o.skipped;
    classes.addAll(o.classes);
    chars.addAll(o.chars);
    o.widths.forEach((w, where) -> first(widths, w, where));
    o.targetWidths.forEach((w, where) -> first(targetWidths, w, where));
    o.files.forEach((f, n) -> files.merge(f, n, Long::sum));
    return this;
  }

  private static void first(Map<Integer, String> m, int key, String where) {
    m.merge(key, where, (a, b) -> a.compareTo(b) <= 0 ? a : b);
  }

  /** The one width all sequences share; fails naming two sequences that differ. */
  static int single(Map<Integer, String> widths, String what) {
    if (widths.size() > 1) {
      var it = new java.util.TreeMap<>(widths).entrySet().iterator();
      var a = it.next();
      var b = it.next();
      throw new DataException(what + " differ between sequences: " + a.getValue() + " has "
          + a.getKey() + ", " + b.getValue() + " has " + b.getKey());
    }
    return widths.isEmpty() ? 0 : widths.keySet().iterator().next();
  }
}
