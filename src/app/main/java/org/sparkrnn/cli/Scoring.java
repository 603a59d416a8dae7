package org.sparkrnn.cli;

import java.util.Locale;
import java.util.Map;
import org.sparkrnn.data.DataOptions;
import org.sparkrnn.data.DataSpec;

/** What evaluate and predict share: reading the input with the model's spec, token text. */
final class Scoring {
  private Scoring() {}

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
}
