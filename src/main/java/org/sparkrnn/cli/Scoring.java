package org.sparkrnn.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.sparkrnn.data.DataOptions;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.model.Example;

/** What evaluate and predict share: batching a partition, reading the input, one-line errors. */
final class Scoring {
  private Scoring() {}

  /** A partition's examples in batches of at most {@code size}, streamed in order. */
  static Iterator<List<Example>> batches(Iterator<Example> it, int size) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public List<Example> next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        List<Example> b = new ArrayList<>(size);
        while (b.size() < size && it.hasNext()) {
          b.add(it.next());
        }
        return b;
      }
    };
  }

  /**
   * The spec to read {@code path} with: the model's, except that a table model (CSV or Parquet)
   * reads a path ending in .csv or .parquet in that format, whatever the training data was, and
   * that {@code unknown} (fail | skip; null keeps the model's) sets what happens to characters
   * outside the model's vocabulary.
   */
  static DataSpec forInput(DataSpec spec, String path, String unknown) {
    Map<String, String> m = spec.toMap();
    boolean changed = false;
    if (unknown != null && !unknown.equals(m.get(DataOptions.UNKNOWN))) {
      m.put(DataOptions.UNKNOWN, unknown);
      changed = true;
    }
    String p = path.toLowerCase(Locale.ROOT);
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String format = p.endsWith(".parquet") ? "parquet" : p.endsWith(".csv") ? "csv" : null;
    if (!spec.kind().languageModel() && format != null && !format.equals(spec.options().format())) {
      m.put(DataOptions.FORMAT, format);
      changed = true;
    }
    return changed ? DataSpec.fromMap(m, path) : spec;
  }

  /** The text of a language model's token id: a word ({@code <eos>} too), or a character with \n, \t, \r escaped. */
  static String tokenText(DataSpec spec, int id) {
    if (spec.words() != null) {
      return spec.words().word(id);
    }
    int cp = spec.chars().codePoint(id);
    return switch (cp) {
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      case '\r' -> "\\r";
      default -> new String(Character.toChars(cp));
    };
  }

  /** Index of the largest of {@code n} values from {@code off} (the first on ties). */
  static int argmax(double[] v, int off, int n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (v[off + k] > v[off + best]) {
        best = k;
      }
    }
    return best;
  }
}
