package org.sparkrnn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.sparkrnn.diag.DiagnosticsConfig;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Normalization;
import org.sparkrnn.model.JordanFeedback;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.train.GradientClipping;
import org.sparkrnn.train.LrSchedule;
import org.sparkrnn.train.Optimizers;
import org.sparkrnn.train.TrainConfig;

/**
 * An immutable flat map of settings, key → value string, holding only what was set (getters fall
 * back to the registry's defaults). Every value is checked against {@link ConfigKeys} when it is
 * set, so a bad file fails at its line; the cross-key checks of the config records run in
 * {@link #toModelConfig()}, {@link #toTrainConfig()} and {@link #toInitConfig()} and are reported
 * with the key (and where it was set). Every error is a one-line {@link ConfigException}.
 *
 * <p>File format ({@link #parse}): one {@code key = value} per line; blank lines; {@code #} starts
 * a comment at the start of a line or after whitespace; a value may be double-quoted (then
 * {@code #} inside it is kept). A key may appear once per file. {@link #format()} writes the same
 * format back.
 */
public final class Settings {
  private static final Comparator<String> REGISTRY_ORDER =
      Comparator.comparingInt(ConfigKeys::index);
  private static final List<String> OPTIMIZER_PARAMS =
      List.of("momentum", "beta1", "beta2", "eps", "alpha");
  private static final List<String> SCHEDULE_PARAMS =
      List.of("step_size", "gamma", "total_steps", "min_lr", "warmup_steps");

  private final Map<String, String> values; // registry order, canonical values
  private final Map<String, String> origins; // key -> "conf/x.conf line 4", "--set", ...
  private final Map<String, String> sparkConf; // Spark's own spark.* keys, by name, as given

  private Settings(Map<String, String> values, Map<String, String> origins) {
    this(values, origins, Map.of());
  }

  private Settings(Map<String, String> values, Map<String, String> origins,
      Map<String, String> sparkConf) {
    List<String> keys = new ArrayList<>(values.keySet());
    keys.sort(REGISTRY_ORDER);
    Map<String, String> v = new LinkedHashMap<>();
    for (String k : keys) {
      v.put(k, values.get(k));
    }
    this.values = Collections.unmodifiableMap(v);
    this.origins = Map.copyOf(origins);
    this.sparkConf = Collections.unmodifiableMap(new java.util.TreeMap<>(sparkConf));
  }

  /** Nothing set: every getter returns its default. */
  public static Settings empty() {
    return new Settings(Map.of(), Map.of());
  }

  /**
   * Parses a config file's text.
   *
   * @param sourceName how errors name the file, e.g. {@code conf/char-lstm.conf}
   * @throws ConfigException for a malformed line, an unknown or repeated key, or a bad value —
   *     naming the file and line
   */
  public static Settings parse(String text, String sourceName) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    Map<String, String> spark = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String where = sourceName + " line " + n;
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (key.isEmpty() || key.contains(" ")) {
        throw new ConfigException(null,
            where + ": expected 'key = value', got '" + abbreviate(trimmed) + "'");
      }
      ConfigKey k = ConfigKeys.find(key).orElse(null);
      if (k == null && !ConfigKeys.isSparksOwn(key)) {
        throw ConfigKeys.unknown(key, where);
      }
      String raw = value(line.substring(eq + 1), key, where);
      Integer first = lineOf.putIfAbsent(key, n);
      if (first != null) {
        throw new ConfigException(key, key + " is set twice in " + sourceName + " (lines "
            + first + " and " + n + ")");
      }
      if (k == null) {
        spark.put(key, raw);
      } else {
        values.put(key, checked(k, raw, where));
      }
      origins.put(key, where);
    }
    return new Settings(values, origins, spark);
  }

  /** Reads and parses a UTF-8 config file, named in errors by its path. */
  public static Settings read(Path file) throws IOException {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.CharBuffer text = java.nio.CharBuffer.allocate(bytes.remaining());
    java.nio.charset.CoderResult r = utf8.decode(bytes, text, true);
    if (r.isError()) {
      // the decoder stops at the first byte it cannot read: name it, 1-based, as editors count
      throw new ConfigException(null, file + ": not a UTF-8 text file (byte " + (bytes.position() + 1)
          + " cannot be decoded)");
    }
    utf8.flush(text);
    return parse(text.flip().toString(), file.toString());
  }

  /**
   * Settings from a map (e.g. the {@code settings} of a model.json); errors name {@code sourceName}
   * (null: the caller names the source itself).
   */
  public static Settings fromMap(Map<String, String> map, String sourceName) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      String key = e.getKey();
      ConfigKey k = ConfigKeys.find(key).orElseThrow(() -> ConfigKeys.unknown(key, sourceName));
      values.put(key, checked(k, e.getValue(), sourceName));
      if (sourceName != null) {
        origins.put(key, sourceName);
      }
    }
    return new Settings(values, origins);
  }

  /** This with {@code key} set (as by {@code --set key=value}); errors say {@code --set}. */
  public Settings with(String key, String value) {
    return with(key, value, "--set");
  }

  /** This with {@code key} set; {@code origin} says where the value came from, for errors. */
  public Settings with(String key, String value, String origin) {
    Map<String, String> o = new HashMap<>(origins);
    o.put(key, origin);
    if (ConfigKeys.isSparksOwn(key)) {
      Map<String, String> spark = new HashMap<>(sparkConf);
      spark.put(key, value);
      return new Settings(values, o, spark);
    }
    ConfigKey k = ConfigKeys.find(key).orElseThrow(() -> ConfigKeys.unknown(key, origin));
    Map<String, String> v = new HashMap<>(values);
    v.put(key, checked(k, value, origin));
    return new Settings(v, o, sparkConf);
  }

  /** This with {@code key} back at its default. */
  public Settings without(String key) {
    Map<String, String> spark = new HashMap<>(sparkConf);
    if (spark.remove(key) == null) {
      ConfigKeys.get(key);
    }
    Map<String, String> v = new HashMap<>(values);
    Map<String, String> o = new HashMap<>(origins);
    v.remove(key);
    o.remove(key);
    return new Settings(v, o, spark);
  }

  /** This with every value set in {@code over} replacing this one's (e.g. a file, then --set). */
  public Settings overlay(Settings over) {
    Map<String, String> v = new HashMap<>(values);
    Map<String, String> o = new HashMap<>(origins);
    v.putAll(over.values);
    Map<String, String> spark = new HashMap<>(sparkConf);
    spark.putAll(over.sparkConf);
    o.keySet().removeAll(over.values.keySet());
    o.putAll(over.origins);
    return new Settings(v, o, spark);
  }

  private static String checked(ConfigKey k, String raw, String where) {
    try {
      return k.check(raw);
    } catch (ConfigException e) {
      throw where == null ? e : new ConfigException(k.name(), e.getMessage() + " (" + where + ")");
    }
  }

  /** The value text after '=': unquoted, comment removed, trimmed. */
  private static String value(String rest, String key, String where) {
    String s = rest.strip();
    if (s.startsWith("\"")) {
      int close = s.indexOf('"', 1);
      String after = close < 0 ? "" : s.substring(close + 1).strip();
      if (close < 0 || !(after.isEmpty() || after.startsWith("#"))) {
        throw new ConfigException(key, key + ": unbalanced quotes in '" + abbreviate(s) + "' ("
            + where + ")");
      }
      return s.substring(1, close);
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
        s = s.substring(0, i).strip();
        break;
      }
    }
    if (s.isEmpty()) {
      throw new ConfigException(key, key + ": no value (" + where + ")");
    }
    return s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  // ---------------------------------------------------------------- reading

  public boolean isSet(String key) {
    ConfigKeys.get(key);
    return values.containsKey(key);
  }

  /** The value set, else the default, else null (an unset optional key). */
  public String get(String key) {
    ConfigKey k = ConfigKeys.get(key);
    String v = values.get(key);
    return v != null ? v : k.defaultValue();
  }

  /** Where {@code key}'s value came from ("conf/x.conf line 4", "--set", ...), or null. */
  public String origin(String key) {
    return origins.get(key);
  }

  public int getInt(String key) {
    ConfigKey k = typed(key, ConfigKey.Type.INT);
    return Integer.parseInt(k.check(require(k)));
  }

  public long getLong(String key) {
    ConfigKey k = typed(key, ConfigKey.Type.LONG, ConfigKey.Type.INT);
    return Long.parseLong(k.check(require(k)));
  }

  public double getDouble(String key) {
    ConfigKey k = typed(key, ConfigKey.Type.DOUBLE, ConfigKey.Type.INT, ConfigKey.Type.LONG);
    return Double.parseDouble(k.check(require(k)));
  }

  public boolean getBoolean(String key) {
    ConfigKey k = typed(key, ConfigKey.Type.BOOLEAN);
    return Boolean.parseBoolean(k.check(require(k)));
  }

  /** A string or enum value (enums in canonical lower case). */
  public String getString(String key) {
    ConfigKey k = typed(key, ConfigKey.Type.STRING, ConfigKey.Type.ENUM);
    return k.check(require(k));
  }

  private static ConfigKey typed(String key, ConfigKey.Type... types) {
    ConfigKey k = ConfigKeys.get(key);
    for (ConfigKey.Type t : types) {
      if (k.type() == t) {
        return k;
      }
    }
    throw new IllegalArgumentException(key + " is of type " + k.type().key() + ", not "
        + types[0].key());
  }

  private String require(ConfigKey k) {
    String v = get(k.name());
    if (v == null) {
      throw new ConfigException(k.name(), k.name() + " is required (it has no default)");
    }
    return v;
  }

  /** The values set, in registry order (unmodifiable); Spark's own keys are not among them. */
  public Map<String, String> asMap() {
    return values;
  }

  /**
   * Spark's own settings that were set (e.g. {@code spark.executor.memory}), by name, for the
   * session; the project's {@code spark.*} keys are in {@link #asMap()}.
   */
  public Map<String, String> sparkConf() {
    return sparkConf;
  }

  /** Every key that has a value — set or default — in registry order. */
  public Map<String, String> resolved() {
    Map<String, String> m = new LinkedHashMap<>();
    for (ConfigKey k : ConfigKeys.ALL) {
      String v = get(k.name());
      if (v != null) {
        m.put(k.name(), v);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** The set values in the file format that {@link #parse} reads, one group per paragraph. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    String group = null;
    for (Map.Entry<String, String> e : values.entrySet()) {
      String g = ConfigKeys.get(e.getKey()).group();
      if (group != null && !g.equals(group)) {
        sb.append('\n');
      }
      group = g;
      sb.append(e.getKey()).append(" = ").append(quoted(e.getValue())).append('\n');
    }
    if (!sparkConf.isEmpty()) {
      sb.append(values.isEmpty() ? "" : "\n").append("# Spark's own settings, for the session\n");
      sparkConf.forEach((k, v) -> sb.append(k).append(" = ").append(quoted(v)).append('\n'));
    }
    return sb.toString();
  }

  private static String quoted(String v) {
    boolean quote = v.contains("#") || !v.equals(v.strip()) || v.startsWith("\"");
    return quote ? '"' + v + '"' : v;
  }

  // ---------------------------------------------------------------- to and from the records

  /** The model: model.* plus train.bptt.truncate (k2). */
  public ModelConfig toModelConfig() {
    ModelConfig.Builder b = ModelConfig.builder()
        .cell(CellType.parse(getString("model.cell")))
        .activation(Activation.parse(getString("model.activation")))
        .layers(getInt("model.layers"))
        .inputSize(getInt("model.input")) // before vocabSize: inputSize() resets the vocabulary
        .vocabSize(getInt("model.vocab"))
        .hiddenSize(getInt("model.hidden"))
        .outputSize(getInt("model.output"))
        .mode(OutputMode.parse(getString("model.mode")))
        .loss(attributed("model.loss",
            () -> Loss.of(getString("model.output_function"), getString("model.loss"))))
        .jordanFeedback(JordanFeedback.parse(getString("model.jordan_feedback")))
        .teacherForcing(getBoolean("model.teacher_forcing"))
        .truncateSteps(getInt("train.bptt.truncate"))
        .residual(getBoolean("model.residual"))
        .norm(Normalization.parse(getString("model.norm")))
        .normEps(getDouble("model.norm.eps"))
        .batchNormMomentum(getDouble("model.batchnorm.momentum"))
        .batchNormMaxSteps(getInt("model.batchnorm.max_steps"))
        .dropout(getDouble("model.dropout"))
        .embedding(getInt("model.embedding"))
        .tieWeights(getBoolean("model.tie_weights"))
        .bidirectional(getBoolean("model.bidirectional"));
    if (values.containsKey("model.activation_alpha")) {
      b.activationAlpha(getDouble("model.activation_alpha"));
    }
    return attributed("model", b::build);
  }

  /** How to train: train.* (except train.bptt.truncate, which is the model's). */
  public TrainConfig toTrainConfig() {
    String optimizer = getString("train.optimizer");
    Map<String, Double> hyper = new LinkedHashMap<>();
    for (String p : OPTIMIZER_PARAMS) {
      if (values.containsKey("train.optimizer." + p)) {
        hyper.put(p, getDouble("train.optimizer." + p));
      }
    }
    attributedParams("train.optimizer", OPTIMIZER_PARAMS, () -> Optimizers.create(optimizer, hyper, 0));
    double lr = getDouble("train.lr");
    String schedule = getString("train.schedule");
    Map<String, Double> sched = new LinkedHashMap<>();
    for (String p : SCHEDULE_PARAMS) {
      if (values.containsKey("train.schedule." + p)) {
        sched.put(p, getDouble("train.schedule." + p));
      }
    }
    attributedParams("train.schedule", SCHEDULE_PARAMS, () -> LrSchedule.create(schedule, lr, sched));
    String clip = getString("train.clip");
    double threshold = getDouble("train.clip_threshold");
    attributed("train.clip", () -> GradientClipping.of(clip, threshold));
    if (getInt("train.bptt.window") > 0 && getBoolean("model.bidirectional")) {
      throw new ConfigException("train.bptt.window", "train.bptt.window="
          + getInt("train.bptt.window") + " cuts sequences into windows that carry the state "
          + "forward, but a bidirectional model (model.bidirectional=true) reads each whole "
          + "sequence backward too: set train.bptt.window=0" + where("train.bptt.window"));
    }
    TrainConfig.Builder b = TrainConfig.builder()
        .optimizer(optimizer, hyper)
        .learningRate(lr)
        .schedule(schedule, sched)
        .clip(clip, threshold)
        .l1(getDouble("train.l1"))
        .l2(getDouble("train.l2"))
        .batchSize(getInt("train.batch"))
        .epochs(getInt("train.epochs"))
        .maxSteps(getLong("train.steps"))
        .window(getInt("train.bptt.window"))
        .seed(getLong("train.seed"))
        .maxBadSteps(getInt("train.max_bad_steps"))
        .precision(getString("train.precision"))
        .diagnostics(attributed("train.diagnostics", () -> new DiagnosticsConfig(
            getLong("train.diagnostics.every"), getDouble("train.diagnostics.vanish_ratio"),
            getDouble("train.diagnostics.explode_norm"))));
    return attributed("train", b::build);
  }

  /** How parameters start: init.*. */
  public InitConfig toInitConfig() {
    return attributed("init", () -> new InitConfig(getString("init.input"),
        getString("init.recurrent"), getDouble("init.recurrent_scale"),
        getDouble("init.forget_bias"), getDouble("init.normal_std"),
        getDouble("init.embedding_std")));
  }

  /**
   * The settings that give back these configs: every key with a value (optional keys such as
   * train.optimizer.beta1 only when the config sets them). {@code train} and {@code init} may be
   * null, and then no train.* (except train.bptt.truncate) or init.* key is written.
   */
  public static Settings of(ModelConfig model, TrainConfig train, InitConfig init) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("model.cell", model.cell().key());
    v.put("model.activation", model.activation().key());
    v.put("model.activation_alpha", number(model.activationAlpha()));
    v.put("model.layers", Integer.toString(model.layers()));
    v.put("model.input", Integer.toString(model.inputSize()));
    v.put("model.vocab", Integer.toString(model.vocabSize()));
    v.put("model.hidden", Integer.toString(model.hiddenSize()));
    v.put("model.output", Integer.toString(model.outputSize()));
    if (model.mode() != null) {
      v.put("model.mode", model.mode().key());
    }
    if (model.loss() != null) {
      v.put("model.output_function", model.loss().output);
      v.put("model.loss", model.loss().loss);
    }
    if (model.jordanFeedback() != null) {
      v.put("model.jordan_feedback", model.jordanFeedback().name().toLowerCase(Locale.ROOT));
    }
    v.put("model.teacher_forcing", Boolean.toString(model.teacherForcing()));
    v.put("train.bptt.truncate", Integer.toString(model.truncateSteps()));
    v.put("model.residual", Boolean.toString(model.residual()));
    v.put("model.norm", model.norm().key());
    v.put("model.norm.eps", number(model.normEps()));
    v.put("model.batchnorm.momentum", number(model.batchNormMomentum()));
    v.put("model.batchnorm.max_steps", Integer.toString(model.batchNormMaxSteps()));
    v.put("model.dropout", number(model.dropout()));
    v.put("model.embedding", Integer.toString(model.embedding()));
    v.put("model.tie_weights", Boolean.toString(model.tieWeights()));
    v.put("model.bidirectional", Boolean.toString(model.bidirectional()));
    if (train != null) {
      v.put("train.bptt.window", Integer.toString(train.window()));
      v.put("train.optimizer", train.optimizer().trim().toLowerCase(Locale.ROOT));
      train.optimizerParams().forEach((k, x) -> v.put("train.optimizer." + k, number(x)));
      v.put("train.lr", number(train.learningRate()));
      v.put("train.schedule", train.schedule().trim().toLowerCase(Locale.ROOT));
      train.scheduleParams().forEach((k, x) -> v.put("train.schedule." + k, number(x)));
      v.put("train.clip", train.clip().trim().toLowerCase(Locale.ROOT));
      v.put("train.clip_threshold", number(train.clipThreshold()));
      v.put("train.l1", number(train.l1()));
      v.put("train.l2", number(train.l2()));
      v.put("train.batch", Integer.toString(train.batchSize()));
      v.put("train.epochs", Integer.toString(train.epochs()));
      v.put("train.steps", Long.toString(train.maxSteps()));
      v.put("train.seed", Long.toString(train.seed()));
      v.put("train.max_bad_steps", Integer.toString(train.maxBadSteps()));
      v.put("train.precision", train.precision().key());
      v.put("train.diagnostics.every", Long.toString(train.diagnostics().every()));
      v.put("train.diagnostics.vanish_ratio", number(train.diagnostics().vanishRatio()));
      v.put("train.diagnostics.explode_norm", number(train.diagnostics().explodeNorm()));
    }
    if (init != null) {
      v.put("init.input", init.input());
      v.put("init.recurrent", init.recurrent());
      v.put("init.recurrent_scale", number(init.recurrentScale()));
      v.put("init.forget_bias", number(init.forgetBias()));
      v.put("init.normal_std", number(init.normalStd()));
      v.put("init.embedding_std", number(init.embeddingStd()));
    }
    return fromMap(v, "Settings.of");
  }

  /** Shortest text that parses back to exactly {@code d}. */
  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15
        && Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(-0.0)) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  // ---------------------------------------------------------------- cross-key errors

  /**
   * Runs a config record's own validation; its message becomes a ConfigException naming a key: the
   * registered key it mentions, else {@code fallback} (a key, or a group name for "model config").
   */
  private <T> T attributed(String fallback, Supplier<T> make) {
    try {
      return make.get();
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      String msg = String.valueOf(e.getMessage()).replace('\n', ' ');
      String key = mentionedKey(msg);
      if (key == null) {
        key = fallback;
        msg = (fallback.contains(".") ? fallback + ": " : fallback + " config: ") + msg;
      }
      throw new ConfigException(key, msg + where(key));
    }
  }

  /** Like {@link #attributed} for a factory taking {@code prefix.<param>} values. */
  private void attributedParams(String prefix, List<String> params, Runnable make) {
    try {
      make.run();
    } catch (IllegalArgumentException e) {
      String msg = String.valueOf(e.getMessage()).replace('\n', ' ');
      String name = getString(prefix);
      msg = msg.replaceFirst("^[a-z]+: ", ""); // "nesterov: momentum must be > 0" -> "momentum must ..."
      String param = null;
      String mentions = msg.replace("'" + name + "'", "");
      for (String p : params) {
        if (mentions.contains("'" + p + "'") || msg.startsWith(p + " ")) {
          param = p;
          break;
        }
      }
      String key = param == null ? prefix : prefix + "." + param;
      if (param != null && msg.startsWith(param + " ")) {
        msg = key + msg.substring(param.length()) + " with " + prefix + " = " + name;
      } else {
        msg = key + ": " + msg;
      }
      throw new ConfigException(key, msg + where(values.containsKey(key) ? key : prefix));
    }
  }

  private static String mentionedKey(String msg) {
    String best = null;
    for (ConfigKey k : ConfigKeys.ALL) {
      if (msg.contains(k.name()) && (best == null || k.name().length() > best.length())) {
        best = k.name();
      }
    }
    return best;
  }

  private String where(String key) {
    String o = origins.get(key);
    return o == null ? "" : " (" + o + ")";
  }

  // ---------------------------------------------------------------- object

  @Override
  public boolean equals(Object o) {
    return o instanceof Settings s && s.values.equals(values) && s.sparkConf.equals(sparkConf);
  }

  @Override
  public int hashCode() {
    return values.hashCode() * 31 + sparkConf.hashCode();
  }

  @Override
  public String toString() {
    return format();
  }
}
