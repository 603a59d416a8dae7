package org.sparkrnn.ml;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.ConfigKey;
import org.sparkrnn.config.ConfigKeys;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.model.Loss;

/**
 * The configuration a stage's params stand for — the same {@link Settings} the CLI's
 * {@code train} builds from a config file, so both train through the same code with the same
 * keys. Each training param sets one key (see {@link #OWNED}); the {@code settings} param adds
 * any other model.*, train.* or init.* key (and spark.fan_in, spark.sync), but not one a param
 * owns nor one the data fixes.
 */
final class RnnSettings {
  private RnnSettings() {}

  /** Config keys set by a param, and the param. */
  static final Map<String, String> OWNED = owned();

  /** Keys the data decides (input width or vocabulary, outputs, mode). */
  private static final java.util.List<String> FROM_DATA =
      java.util.List.of("model.input", "model.vocab", "model.output", "model.mode");

  private static Map<String, String> owned() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model.cell", "cellType");
    m.put("model.hidden", "hiddenSize");
    m.put("model.layers", "numLayers");
    m.put("model.bidirectional", "bidirectional");
    m.put("model.activation", "activation");
    m.put("train.batch", "batchSize");
    m.put("train.epochs", "epochs");
    m.put("train.steps", "maxIter");
    m.put("train.lr", "stepSize");
    m.put("train.optimizer", "optimizer");
    m.put("train.clip", "clipNorm");
    m.put("train.clip_threshold", "clipNorm");
    m.put("train.l1", "l1");
    m.put("train.l2", "l2");
    m.put("train.seed", "seed");
    m.put("train.bptt.window", "bpttWindow");
    m.put("spark.partitions", "numPartitions");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** What is wrong with a {@code settings} param value, or null (its validator). */
  static String problem(String[] entries) {
    try {
      extra(entries);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The {@code settings} entries as Settings (origin "settings param"). */
  static Settings extra(String[] entries) {
    Settings s = Settings.empty();
    for (String entry : entries) {
      int eq = entry == null ? -1 : entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected \"key=value\", got '" + entry + "'");
      }
      String name = entry.substring(0, eq).trim();
      ConfigKey k = ConfigKeys.get(name); // unknown: "unknown key 'x'; did you mean 'y'?"
      String key = k.name();
      if (OWNED.containsKey(key)) {
        throw new IllegalArgumentException(key + " is set by param " + OWNED.get(key)
            + "; use that instead");
      }
      if (FROM_DATA.contains(key)) {
        throw new IllegalArgumentException(key + " comes from the data (the input column and the "
            + "labels); it cannot be set");
      }
      boolean allowed = key.startsWith("model.") || key.startsWith("train.")
          || key.startsWith("init.") || key.equals("spark.fan_in")
          || key.equals("spark.sync");
      if (!allowed) {
        throw new IllegalArgumentException(key + " does not apply to the Spark ML stages (allowed: "
            + "model.*, train.*, init.*, spark.fan_in, spark.sync)");
      }
      s = s.with(key, entry.substring(eq + 1).trim(), "settings param");
    }
    return s;
  }

  /** The settings of a stage's training params, before the data shape is known. */
  static Settings of(HasTrainingParams p) {
    Settings s = extra(p.getSettings());
    s = s.with("model.cell", p.getCellType(), "param cellType")
        .with("model.hidden", Integer.toString(p.getHiddenSize()), "param hiddenSize")
        .with("model.layers", Integer.toString(p.getNumLayers()), "param numLayers")
        .with("model.bidirectional", Boolean.toString(p.getBidirectional()), "param bidirectional")
        .with("model.activation", p.getActivation(), "param activation")
        .with("train.batch", Integer.toString(p.getBatchSize()), "param batchSize")
        .with("train.epochs", Integer.toString(p.getEpochs()), "param epochs")
        .with("train.steps", Integer.toString(p.getMaxIter()), "param maxIter")
        .with("train.lr", Double.toString(p.getStepSize()), "param stepSize")
        .with("train.optimizer", p.getOptimizer(), "param optimizer")
        .with("train.l1", Double.toString(p.getL1()), "param l1")
        .with("train.l2", Double.toString(p.getL2()), "param l2")
        .with("train.seed", Long.toString(p.getSeed()), "param seed")
        .with("train.bptt.window", Integer.toString(p.getBpttWindow()), "param bpttWindow")
        .with("spark.partitions", Integer.toString(p.getNumPartitions()), "param numPartitions");
    if (p.getClipNorm() > 0) {
      s = s.with("train.clip", "norm", "param clipNorm")
          .with("train.clip_threshold", Double.toString(p.getClipNorm()), "param clipNorm");
    } else {
      s = s.with("train.clip", "none", "param clipNorm");
    }
    return s;
  }

  /**
   * Input, output and mode from the data, as the CLI's train fills them in: real targets get an
   * identity output with MSE unless the settings chose a loss.
   */
  static Settings withDataShape(Settings s, DataSpec spec) {
    Settings out = s;
    if (spec.vocabSize() > 0) {
      out = out.with("model.vocab", Integer.toString(spec.vocabSize()), "data");
    } else {
      out = out.with("model.input", Integer.toString(spec.inputSize()), "data");
    }
    out = out.with("model.output", Integer.toString(spec.outputSize()), "data")
        .with("model.mode", spec.mode().key(), "data");
    if (!spec.classTargets() && !s.isSet("model.loss") && !s.isSet("model.output_function")) {
      out = out.with("model.output_function", Loss.IDENTITY_MSE.output, "data")
          .with("model.loss", Loss.IDENTITY_MSE.loss, "data");
    }
    return out;
  }

  /** A config error as the one-line IllegalArgumentException a Spark ML user expects. */
  static IllegalArgumentException invalid(ConfigException e) {
    return new IllegalArgumentException(e.getMessage(), e);
  }
}
