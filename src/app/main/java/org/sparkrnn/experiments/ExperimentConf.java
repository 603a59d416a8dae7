package org.sparkrnn.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.Settings;

/**
 * An experiment's configuration file ({@code conf/experiments/NAME.conf}): {@code key = value} lines
 * and {@code #} comments, as in a training configuration, with four kinds of key:
 * <pre>
 *   experiment.lengths = 50,100        the experiment itself (see {@link #EXPERIMENT_KEYS})
 *   model.hidden = 32                  a training setting every variant shares (spark-rnn config --list)
 *   variant.lstm.model.cell = lstm     variant "lstm": a setting over the shared ones;
 *   variant.lstm.about = text          ... and its one-line description for the table
 *   full.train.steps = 20000           with --full: replaces train.steps (any of the forms above)
 * </pre>
 * Variants run in the order they are first named. {@code --set KEY=VALUE} on the command line takes
 * any of the forms and wins over the file (a training key set so wins over every variant's own). Every training setting is checked against the registry
 * when read, so a bad file fails naming its line.
 */
public final class ExperimentConf {

  /** The experiment.* keys and what they mean. */
  public static final Map<String, String> EXPERIMENT_KEYS = keys(
      "experiment.lengths", "sequence lengths T, a comma list; every variant runs at every T",
      "experiment.train_size", "training sequences generated per T",
      "experiment.validation_size", "validation sequences generated per T",
      "experiment.seed", "seed of the generated data",
      "experiment.about", "one line on what the experiment shows (the table's heading)");

  private static final String VARIANT = "variant.";
  private static final String FULL = "full.";

  /** One variant: its name, description and its settings over the shared ones. */
  public record Variant(String name, String about, Settings settings) {}

  private final String source;
  private final Map<String, Entry> experiment;
  private final Settings shared;
  private final Settings overrides;
  private final List<Variant> variants;

  private ExperimentConf(String source, Map<String, Entry> experiment, Settings shared,
      Settings overrides, List<Variant> variants) {
    this.source = source;
    this.experiment = experiment;
    this.shared = shared;
    this.overrides = overrides;
    this.variants = variants;
  }

  /** One {@code key = value} with where it was set. */
  private record Entry(String key, String value, String where) {}

  /** Reads a file; {@code full} applies its {@code full.} keys; {@code sets} are KEY=VALUE. */
  public static ExperimentConf read(Path file, boolean full, List<String> sets) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), full, sets);
  }

  /**
   * Parses a file's text.
   *
   * @throws ConfigException one line naming the file and line (or --set) and the key
   */
  public static ExperimentConf parse(String text, String source, boolean full, List<String> sets) {
    List<Entry> plain = new ArrayList<>();
    List<Entry> fulls = new ArrayList<>();
    Map<String, Integer> lineOf = new HashMap<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (key.isEmpty() || key.contains(" ")) {
        throw new ConfigException(null, where + ": expected 'key = value', got '" + line + "'");
      }
      String value = stripComment(line.substring(eq + 1));
      if (value.isEmpty()) {
        throw new ConfigException(key, key + ": no value (" + where + ")");
      }
      Integer first = lineOf.putIfAbsent(key, i + 1);
      if (first != null) {
        throw new ConfigException(key, key + " is set twice in " + source + " (lines " + first
            + " and " + (i + 1) + ")");
      }
      if (key.startsWith(FULL)) {
        fulls.add(new Entry(key.substring(FULL.length()), value, where));
      } else {
        plain.add(new Entry(key, value, where));
      }
    }
    List<Entry> all = new ArrayList<>(plain);
    if (full) {
      all.addAll(fulls);
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(null, "--set needs key=value, got '" + s + "'");
      }
      all.add(new Entry(s.substring(0, eq).strip(), s.substring(eq + 1).strip(), "--set"));
    }
    Map<String, Entry> experiment = new LinkedHashMap<>();
    Settings shared = Settings.empty();
    Settings overrides = Settings.empty(); // --set of a training key: over every variant's own
    Map<String, Settings> variantSettings = new LinkedHashMap<>();
    Map<String, String> abouts = new HashMap<>();
    for (Entry e : all) {
      if (e.key.startsWith(FULL)) {
        throw new ConfigException(e.key, e.key + ": 'full.' keys belong in the file (" + e.where + ")");
      }
      if (e.key.startsWith("experiment.")) {
        checkExperimentKey(e);
        experiment.put(e.key, e);
      } else if (e.key.startsWith(VARIANT)) {
        String rest = e.key.substring(VARIANT.length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? "" : rest.substring(0, dot);
        String key = dot < 0 ? "" : rest.substring(dot + 1);
        if (!name.matches("[A-Za-z0-9_-]+") || key.isEmpty()) {
          throw new ConfigException(e.key, e.key + ": expected variant.NAME.KEY with NAME of "
              + "letters, digits, '-' or '_' (" + e.where + ")");
        }
        if (e.where.equals("--set") && !variantSettings.containsKey(name)) {
          throw new ConfigException(e.key, e.key + ": no variant '" + name + "' in " + source
              + " (variants: " + String.join(", ", variantSettings.keySet()) + ")");
        }
        Settings v = variantSettings.getOrDefault(name, Settings.empty());
        if (key.equals("about")) {
          abouts.put(name, e.value);
        } else {
          v = v.with(key, e.value, e.where);
        }
        variantSettings.put(name, v);
      } else if (e.where.equals("--set")) {
        overrides = overrides.with(e.key, e.value, e.where);
      } else {
        shared = shared.with(e.key, e.value, e.where);
      }
    }
    if (variantSettings.isEmpty()) {
      throw new ConfigException(null, source + ": no variants (add lines variant.NAME.KEY = VALUE)");
    }
    List<Variant> variants = new ArrayList<>();
    for (Map.Entry<String, Settings> v : variantSettings.entrySet()) {
      variants.add(new Variant(v.getKey(), abouts.getOrDefault(v.getKey(), ""), v.getValue()));
    }
    ExperimentConf c = new ExperimentConf(source, experiment, shared, overrides,
        List.copyOf(variants));
    c.lengths();
    c.trainSize();
    c.validationSize();
    c.seed();
    return c;
  }

  private static void checkExperimentKey(Entry e) {
    if (!EXPERIMENT_KEYS.containsKey(e.key)) {
      throw new ConfigException(e.key, "unknown key '" + e.key + "' (" + e.where
          + "); experiment keys: " + String.join(", ", EXPERIMENT_KEYS.keySet()));
    }
  }

  /** A value without a trailing {@code # comment} (a '#' after whitespace), unquoted. */
  private static String stripComment(String raw) {
    String s = raw.strip();
    if (s.startsWith("\"")) {
      int close = s.indexOf('"', 1);
      return close < 0 ? s : s.substring(1, close);
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
        return s.substring(0, i).strip();
      }
    }
    return s;
  }

  /** This experiment with only the named variants, in their conf order. */
  public ExperimentConf only(List<String> names) {
    List<String> known = variants.stream().map(Variant::name).toList();
    for (String n : names) {
      if (!known.contains(n)) {
        throw new ConfigException(null, "no variant '" + n + "' in " + source + " (variants: "
            + String.join(", ", known) + ")");
      }
    }
    List<Variant> kept = variants.stream().filter(v -> names.contains(v.name())).toList();
    return new ExperimentConf(source, experiment, shared, overrides, kept);
  }

  public String source() {
    return source;
  }

  /** The settings every variant shares. */
  public Settings shared() {
    return shared;
  }

  public List<Variant> variants() {
    return variants;
  }

  /** The shared settings, the variant's over them, and --set over both. */
  public Settings settingsOf(Variant v) {
    return shared.overlay(v.settings()).overlay(overrides);
  }

  public String about() {
    String v = raw("experiment.about");
    return v == null ? "" : v;
  }

  public List<Integer> lengths() {
    String v = raw("experiment.lengths");
    if (v == null) {
      throw new ConfigException("experiment.lengths", source + ": experiment.lengths is not set");
    }
    List<Integer> out = new ArrayList<>();
    for (String item : v.split(",")) {
      int t = intValue("experiment.lengths", item.strip(), 2);
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  public int trainSize() {
    return intValue("experiment.train_size", valueOr("experiment.train_size", "1000"), 1);
  }

  public int validationSize() {
    return intValue("experiment.validation_size", valueOr("experiment.validation_size", "200"), 1);
  }

  public long seed() {
    String v = valueOr("experiment.seed", "1");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException("experiment.seed", "experiment.seed = '" + v
          + "': expected a whole number (" + where("experiment.seed") + ")");
    }
  }

  private String valueOr(String key, String def) {
    String v = raw(key);
    return v == null ? def : v;
  }

  private String raw(String key) {
    Entry e = experiment.get(key);
    return e == null ? null : e.value;
  }

  private String where(String key) {
    Entry e = experiment.get(key);
    return e == null ? source : e.where;
  }

  private int intValue(String key, String text, int min) {
    int n;
    try {
      n = Integer.parseInt(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, key + ": '" + text + "' is not a whole number (" + where(key) + ")");
    }
    if (n < min) {
      throw new ConfigException(key, key + " must be at least " + min + ", got " + n + " ("
          + where(key) + ")");
    }
    return n;
  }

  private static Map<String, String> keys(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
