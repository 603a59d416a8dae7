package org.sparkrnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkrnn.model.OutputMode;

/**
 * The {@code data.*} settings: what to read and how. Immutable; holds only what was set, getters
 * fall back to the defaults in {@link #KEYS}. Every value is checked when it is set, and a bad one
 * is a one-line {@link DataException} naming the key. {@link #fromMap} ignores keys outside
 * {@code data.} (so a whole settings map can be handed in) and rejects unknown {@code data.} keys.
 */
public final class DataOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What the data is, and so which reader reads it. */
  public enum Kind {
    /** text files → windows of characters, each predicting the next. */
    CHAR_LM,
    /** text files → windows of whitespace-separated words, each predicting the next. */
    WORD_LM,
    /** CSV/Parquet rows → dense feature sequences with class labels or real targets. */
    SEQUENCES,
    /** CSV/Parquet rows (text, label) → character sequences with one label each. */
    TEXT_CLASSIFICATION;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean languageModel() {
      return this == CHAR_LM || this == WORD_LM;
    }
  }

  public static final String PATH = "data.path";
  public static final String VALIDATION_PATH = "data.validation_path";
  public static final String KIND = "data.kind";
  public static final String FORMAT = "data.format";
  public static final String WINDOW = "data.window";
  public static final String STRIDE = "data.stride";
  public static final String ORDER = "data.order";
  public static final String STREAMS = "data.streams";
  public static final String VALIDATION_FRACTION = "data.validation_fraction";
  public static final String SPLIT = "data.split";
  public static final String UTF8 = "data.utf8";
  public static final String UNKNOWN = "data.unknown";
  public static final String VOCAB_SIZE = "data.vocab_size";
  public static final String LAYOUT = "data.layout";
  public static final String MODE = "data.mode";
  public static final String TARGET = "data.target";
  public static final String ID_COLUMN = "data.id_column";
  public static final String T_COLUMN = "data.t_column";
  public static final String LABEL_COLUMNS = "data.label_columns";
  public static final String FEATURES_COLUMN = "data.features_column";
  public static final String FEATURE_COLUMNS = "data.feature_columns";
  public static final String TEXT_COLUMN = "data.text_column";
  public static final String WIDTH = "data.width";
  public static final String MAX_LENGTH = "data.max_length";
  public static final String TOO_LONG = "data.too_long";
  public static final String CSV_DELIMITER = "data.csv.delimiter";
  public static final String CSV_HEADER = "data.csv.header";
  public static final String CSV_ESCAPE = "data.csv.escape";
  public static final String CSV_MULTILINE = "data.csv.multiline";
  public static final String PARTITIONS = "data.partitions";

  /** One setting: its default (null: unset), allowed values (enums) or kind, and meaning. */
  public record Key(String name, String defaultValue, List<String> values, String type,
      String meaning) implements Serializable {}

  /** Every data key, in documentation order. */
  public static final Map<String, Key> KEYS = keys(
      str(PATH, null, "input: a file, directory or glob on any Hadoop path (file://, hdfs://, s3a://)"),
      str(VALIDATION_PATH, null, "validation input read with the training vocabulary/classes "
          + "(unset: the last data.validation_fraction of the training input)"),
      en(KIND, "char_lm", "what the data is", "char_lm", "word_lm", "sequences",
          "text_classification"),
      en(FORMAT, "auto", "file format (auto: text for language models; parquet for *.parquet "
          + "or a directory holding them; else csv)", "auto", "text", "csv", "parquet"),
      num(WINDOW, "64", "int", "language models: tokens per window T (truncated BPTT length)"),
      num(STRIDE, "0", "int", "language models: a window starts every S tokens (0: S = T)"),
      en(ORDER, "windows", "language models: independent windows, each from a zero state; or "
          + "B contiguous streams, window k of every stream in step k with each stream's state "
          + "carried into its next window (stateful truncated BPTT; validation and evaluate "
          + "carry the state too)", "windows", "stream"),
      num(STREAMS, "0", "int", "data.order=stream: the number of streams B (0: train.batch)"),
      num(VALIDATION_FRACTION, "0.1", "double", "fraction held out for validation, in [0, 1)"),
      en(SPLIT, "position", "how the validation part is chosen: the last windows/sequences in "
          + "corpus/id order, or the last files", "position", "document"),
      en(UTF8, "fail", "text files: invalid UTF-8 fails naming file and byte offset, or is "
          + "replaced by U+FFFD and counted", "fail", "replace"),
      en(UNKNOWN, "fail", "characters outside a saved vocabulary: fail naming file and character, "
          + "or skip them and count", "fail", "skip"),
      num(VOCAB_SIZE, "10000", "int", "word_lm: vocabulary size incl. <unk> and <eos> "
          + "(the most frequent words; ties by word)"),
      en(LAYOUT, "sequence", "sequences: one row per sequence (id, label, features) or one row "
          + "per step (id, t, feature columns, label)", "sequence", "step"),
      en(MODE, "many-to-one", "sequences: one label/target per sequence or one per step",
          "many-to-one", "many-to-many"),
      en(TARGET, "class", "labels are class names (mapped to ids in sorted order) or real "
          + "numbers (regression)", "class", "real"),
      str(ID_COLUMN, "id", "sequence id column"),
      str(T_COLUMN, "t", "layout=step: time step column (integers)"),
      str(LABEL_COLUMNS, "label", "label column; target=real with layout=step: comma list of "
          + "target columns"),
      str(FEATURES_COLUMN, "features", "layout=sequence: features column (array<double> with "
          + "data.width, array<array<double>>, or 'a,b;c,d' = steps by ';', values by ',')"),
      str(FEATURE_COLUMNS, "", "layout=step: comma list of feature columns (empty: f0, f1, ... "
          + "in numeric order)"),
      str(TEXT_COLUMN, "text", "text_classification: text column"),
      num(WIDTH, "0", "int", "layout=sequence: features per step of a flat array<double> column"),
      num(MAX_LENGTH, "0", "int", "sequences/text: longest sequence allowed (0: no limit)"),
      en(TOO_LONG, "fail", "a sequence longer than data.max_length fails naming it, or keeps "
          + "its first data.max_length steps", "fail", "truncate"),
      str(CSV_DELIMITER, ",", "CSV: field separator (one character)"),
      en(CSV_HEADER, "true", "CSV: the first line names the columns", "true", "false"),
      en(CSV_ESCAPE, "backslash", "CSV: how a quote is written inside a quoted field: after a"
          + " backslash (\\\", Spark's default) or doubled (\"\", RFC 4180, as spreadsheets and"
          + " pandas write)", "backslash", "quote"),
      en(CSV_MULTILINE, "false", "CSV: quoted fields may hold line breaks (each file is then read"
          + " whole by one task)", "true", "false"),
      num(PARTITIONS, "0", "int", "minimum input partitions (0: Spark's default)"));

  private final Map<String, String> values;

  private DataOptions(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static DataOptions defaults() {
    return new DataOptions(Map.of());
  }

  /** The data.* keys of {@code map} (others ignored); an unknown data.* key is an error. */
  public static DataOptions fromMap(Map<String, String> map) {
    DataOptions o = defaults();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey().startsWith("data.")) {
        o = o.with(e.getKey(), e.getValue());
      }
    }
    return o;
  }

  /** This with {@code key} set to {@code value} (checked); null puts it back to its default. */
  public DataOptions with(String key, String value) {
    Key k = KEYS.get(key);
    if (k == null) {
      throw new DataException("unknown setting " + key + " (data keys: "
          + String.join(", ", KEYS.keySet()) + ")");
    }
    Map<String, String> v = new LinkedHashMap<>(values);
    if (value == null) {
      v.remove(key);
    } else {
      v.put(key, check(k, value));
    }
    return new DataOptions(v);
  }

  /** The values set (not the defaults), in key order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : KEYS.keySet()) {
      if (values.containsKey(k)) {
        m.put(k, values.get(k));
      }
    }
    return m;
  }

  /** Every key with a value, set or default, in key order. */
  public Map<String, String> resolved() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Key k : KEYS.values()) {
      String v = get(k.name);
      if (v != null) {
        m.put(k.name, v);
      }
    }
    return m;
  }

  /** The value set, else the default (null for an unset key without one). */
  public String get(String key) {
    Key k = KEYS.get(key);
    if (k == null) {
      throw new IllegalArgumentException("unknown data key " + key);
    }
    String v = values.get(key);
    return v != null ? v : k.defaultValue;
  }

  public boolean isSet(String key) {
    return values.containsKey(key);
  }

  // ------------------------------------------------------------------ typed getters

  public String path() {
    return get(PATH);
  }

  public String validationPath() {
    String v = get(VALIDATION_PATH);
    return v == null || v.isBlank() ? null : v;
  }

  public Kind kind() {
    return Kind.valueOf(get(KIND).toUpperCase(Locale.ROOT));
  }

  /** text, csv or parquet; "auto" is resolved by the reader (it may look at the path). */
  public String format() {
    return get(FORMAT);
  }

  public int window() {
    return Integer.parseInt(get(WINDOW));
  }

  public int stride() {
    int s = Integer.parseInt(get(STRIDE));
    return s == 0 ? window() : s;
  }

  /** Whether a language model's windows are read as contiguous streams (data.order=stream). */
  public boolean streamOrder() {
    return get(ORDER).equals("stream");
  }

  /** data.order=stream: the number of streams (0: the trainer's batch size). */
  public int streams() {
    return Integer.parseInt(get(STREAMS));
  }

  public double validationFraction() {
    return Double.parseDouble(get(VALIDATION_FRACTION));
  }

  public boolean splitByDocument() {
    return get(SPLIT).equals("document");
  }

  public boolean replaceBadUtf8() {
    return get(UTF8).equals("replace");
  }

  public boolean skipUnknown() {
    return get(UNKNOWN).equals("skip");
  }

  public int vocabSize() {
    return Integer.parseInt(get(VOCAB_SIZE));
  }

  public boolean rowPerStep() {
    return get(LAYOUT).equals("step");
  }

  public OutputMode mode() {
    return OutputMode.parse(get(MODE));
  }

  public boolean realTargets() {
    return get(TARGET).equals("real");
  }

  public String idColumn() {
    return get(ID_COLUMN);
  }

  public String tColumn() {
    return get(T_COLUMN);
  }

  public List<String> labelColumns() {
    return list(get(LABEL_COLUMNS));
  }

  public String featuresColumn() {
    return get(FEATURES_COLUMN);
  }

  /** The feature columns listed; empty means f0, f1, ... as found in the table. */
  public List<String> featureColumns() {
    return list(get(FEATURE_COLUMNS));
  }

  public String textColumn() {
    return get(TEXT_COLUMN);
  }

  public int width() {
    return Integer.parseInt(get(WIDTH));
  }

  public int maxLength() {
    return Integer.parseInt(get(MAX_LENGTH));
  }

  public boolean truncateTooLong() {
    return get(TOO_LONG).equals("truncate");
  }

  public char csvDelimiter() {
    return get(CSV_DELIMITER).charAt(0);
  }

  public boolean csvHeader() {
    return Boolean.parseBoolean(get(CSV_HEADER));
  }

  /** Spark's CSV "escape" character: the quote itself (RFC 4180) or a backslash. */
  public String csvEscape() {
    return get(CSV_ESCAPE).equals("quote") ? "\"" : "\\";
  }

  public boolean csvMultiline() {
    return Boolean.parseBoolean(get(CSV_MULTILINE));
  }

  public int partitions() {
    return Integer.parseInt(get(PARTITIONS));
  }

  @Override
  public String toString() {
    return "DataOptions" + toMap();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataOptions d && d.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  // ------------------------------------------------------------------ checking

  private static List<String> list(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return List.copyOf(out);
  }

  private static String check(Key k, String raw) {
    String v = raw.strip();
    switch (k.type) {
      case "enum" -> {
        String c = v.toLowerCase(Locale.ROOT).replace('-', '_');
        for (String allowed : k.values) {
          if (allowed.replace('-', '_').equals(c)) {
            return allowed;
          }
        }
        throw bad(k, raw, "use one of " + String.join(", ", k.values));
      }
      case "int" -> {
        int n;
        try {
          n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          throw bad(k, raw, "expected an integer");
        }
        int min = k.name.equals(WINDOW) ? 1 : k.name.equals(VOCAB_SIZE) ? 3 : 0;
        if (n < min) {
          throw bad(k, raw, "must be ≥ " + min);
        }
        return Integer.toString(n);
      }
      case "double" -> {
        double d;
        try {
          d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw bad(k, raw, "expected a number");
        }
        if (!(d >= 0 && d < 1)) {
          throw bad(k, raw, "must be in [0, 1)");
        }
        return Double.toString(d);
      }
      default -> {
        if (k.name.equals(CSV_DELIMITER)) {
          String d = raw.equals("\\t") || raw.equalsIgnoreCase("tab") ? "\t" : raw;
          if (d.length() != 1) {
            throw bad(k, raw, "expected one character");
          }
          return d;
        }
        return v;
      }
    }
  }

  private static DataException bad(Key k, String raw, String why) {
    return new DataException(k.name + " = '" + raw + "': " + why);
  }

  private static Key str(String name, String def, String meaning) {
    return new Key(name, def, List.of(), "string", meaning);
  }

  private static Key num(String name, String def, String type, String meaning) {
    return new Key(name, def, List.of(), type, meaning);
  }

  private static Key en(String name, String def, String meaning, String... values) {
    return new Key(name, def, List.of(values), "enum", meaning);
  }

  private static Map<String, Key> keys(Key... ks) {
    Map<String, Key> m = new LinkedHashMap<>();
    for (Key k : ks) {
      m.put(k.name, k);
    }
    return Collections.unmodifiableMap(m);
  }
}
