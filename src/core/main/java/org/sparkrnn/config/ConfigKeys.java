package org.sparkrnn.config;

import static org.sparkrnn.config.ConfigKey.Type.BOOLEAN;
import static org.sparkrnn.config.ConfigKey.Type.DOUBLE;
import static org.sparkrnn.config.ConfigKey.Type.ENUM;
import static org.sparkrnn.config.ConfigKey.Type.INT;
import static org.sparkrnn.config.ConfigKey.Type.LONG;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sparkrnn.data.DataOptions;

/**
 * The registry: every setting of spark-rnn as one flat key, in one ordered list grouped by prefix
 * (model., train., init.; later data., spark., output.). Defaults are those of
 * {@code ModelConfig.builder()}, {@code TrainConfig.builder()} and {@code InitConfig.defaults()}.
 * A key that is not listed here is an error, never silently ignored — to add a setting, add one
 * line to {@link #ALL} (keep its group together) and read it where it is used.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  private static ConfigKey.Builder key(String name, ConfigKey.Type type) {
    return ConfigKey.builder(name, type);
  }

  /** Every key, in order, grouped by prefix. */
  public static final List<ConfigKey> ALL = withData(List.of(
      // ---- model: the network's shape and equations (ModelConfig)
      key("model.cell", ENUM).values("elman", "jordan", "lstm", "gru").def("elman")
          .means("recurrent cell").aliases("model.type", "model.rnn", "model.cell_type").build(),
      key("model.activation", ENUM)
          .values("tanh", "relu", "sigmoid", "leaky_relu", "elu", "identity").def("tanh")
          .means("nonlinearity of the Elman/Jordan recurrence").aliases("model.nonlinearity").build(),
      key("model.activation_alpha", DOUBLE)
          .means("leaky_relu slope / elu scale (unset: 0.01 for leaky_relu, 1 for elu)")
          .aliases("model.alpha", "model.activation.alpha").build(),
      key("model.layers", INT).def(1).atLeast(1).means("stacked recurrent layers (Jordan: 1)")
          .aliases("model.num_layers", "model.depth").build(),
      key("model.input", INT).def(0).atLeast(0).means("dense input features per step")
          .aliases("model.input_size", "model.features").build(),
      key("model.vocab", INT).def(0).atLeast(0)
          .means("token input vocabulary size (one-hot input); 0 = dense input")
          .aliases("model.vocab_size", "model.vocabulary").build(),
      key("model.embedding", INT).def(0).atLeast(0)
          .means("token input: width E of a learned embedding table (nn.Embedding) before the first layer; 0 = one-hot input")
          .aliases("model.embedding_size", "model.embed", "model.emsize").build(),
      key("model.tie_weights", BOOLEAN).def(false)
          .means("language models: the head's weight is the embedding table (needs model.embedding = model.hidden)")
          .aliases("model.tied", "model.tie").build(),
      key("model.bidirectional", BOOLEAN).def(false)
          .means("every layer also reads each sequence backward, from its last step; the two outputs are concatenated (classification and tagging of whole sequences)")
          .aliases("model.bidir").build(),
      key("model.hidden", INT).def(32).atLeast(1).means("hidden units per layer")
          .aliases("model.hidden_size", "model.units", "model.hidden_units").build(),
      key("model.output", INT).atLeast(1).means("output units (classes for softmax); required")
          .aliases("model.output_size", "model.classes", "model.num_classes").build(),
      key("model.mode", ENUM).values("many-to-many", "many-to-one").def("many-to-many")
          .means("loss at every step or at each sequence's last step")
          .aliases("model.output_mode").build(),
      key("model.output_function", ENUM).values("softmax", "sigmoid", "identity").def("softmax")
          .means("output function g of the head (with model.loss)")
          .aliases("model.output_activation", "model.head").build(),
      key("model.loss", ENUM).values("cross_entropy", "bce", "mse").def("cross_entropy")
          .means("loss: softmax+cross_entropy, sigmoid+bce, identity+mse or sigmoid+mse")
          .aliases("model.loss_function", "train.loss").build(),
      key("model.jordan_feedback", ENUM).values("output", "raw").def("output")
          .means("what a Jordan net feeds back: g's output o(t-1) or the raw z(t-1)")
          .aliases("model.feedback").build(),
      key("model.teacher_forcing", BOOLEAN).def(false)
          .means("Jordan nets: feed back the previous target instead of the output").build(),
      key("model.residual", BOOLEAN).def(false)
          .means("residual links: out = h + R(input), R identity or a learned projection (not Jordan)")
          .aliases("model.residual_connections", "model.skip").build(),
      key("model.norm", ENUM).values("none", "layer", "batch").def("none")
          .means("normalization: layer (of W_hh h per example) or batch (of W_ih x per step over the batch)")
          .aliases("model.normalization", "model.normalisation").build(),
      key("model.norm.eps", DOUBLE).def(1e-5).above(0)
          .means("epsilon added to the variance by layer and batch normalization")
          .aliases("model.norm_eps").build(),
      key("model.batchnorm.momentum", DOUBLE).def(0.1).above(0).atMost(1)
          .means("batch norm: weight of a step's statistics in the running averages")
          .aliases("model.bn_momentum", "model.norm.momentum").build(),
      key("model.batchnorm.max_steps", INT).def(100).atLeast(1)
          .means("batch norm: positions with their own running statistics (later ones share the last)")
          .aliases("model.bn_max_steps", "model.norm.max_steps").build(),
      key("model.dropout", DOUBLE).def(0).atLeast(0).below(1)
          .means("dropout probability on every layer's output (before the next layer and the head)")
          .aliases("model.dropout_rate", "train.dropout").build(),

      // ---- train: how to train (TrainConfig; train.bptt.truncate goes to ModelConfig)
      key("train.bptt.window", INT).def(0).atLeast(0)
          .means("truncated BPTT window k1 in steps; 0 = whole sequences")
          .aliases("train.window", "train.bptt.k1", "train.k1", "train.seq_len").build(),
      key("train.bptt.truncate", INT).def(0).atLeast(0)
          .means("backprop depth k2: cut the gradient through the state every k2 steps; 0 = none")
          .aliases("train.truncate", "train.bptt.k2", "train.k2", "model.truncate_steps").build(),
      key("train.optimizer", ENUM)
          .values("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam").def("adam")
          .means("optimizer (torch.optim semantics)").aliases("train.optim", "train.solver").build(),
      key("train.optimizer.momentum", DOUBLE).atLeast(0).atMost(1)
          .means("sgd/momentum/nesterov/rmsprop momentum (unset: 0.9 for momentum and nesterov, else 0)")
          .aliases("train.momentum").build(),
      key("train.optimizer.beta1", DOUBLE).atLeast(0).below(1)
          .means("adam beta1 (unset: 0.9)").aliases("train.beta1").build(),
      key("train.optimizer.beta2", DOUBLE).atLeast(0).below(1)
          .means("adam beta2 (unset: 0.999)").aliases("train.beta2").build(),
      key("train.optimizer.eps", DOUBLE).above(0)
          .means("adagrad/rmsprop/adam epsilon (unset: 1e-10 adagrad, 1e-8 others)")
          .aliases("train.eps", "train.epsilon", "train.optimizer.epsilon").build(),
      key("train.optimizer.alpha", DOUBLE).atLeast(0).atMost(1)
          .means("rmsprop smoothing constant (unset: 0.99)")
          .aliases("train.optimizer.rho", "train.optimizer.decay").build(),
      key("train.lr", DOUBLE).def(2e-3).above(0).means("base learning rate")
          .aliases("train.learning_rate", "train.learningrate", "train.rate").build(),
      key("train.schedule", ENUM).values("constant", "step", "exponential", "cosine")
          .def("constant").means("learning-rate schedule")
          .aliases("train.lr_schedule", "train.scheduler").build(),
      key("train.schedule.step_size", LONG).atLeast(1)
          .means("step schedule: steps between decays (required by step)")
          .aliases("train.step_size").build(),
      key("train.schedule.gamma", DOUBLE).above(0)
          .means("step/exponential schedule: decay factor (required by both)")
          .aliases("train.gamma", "train.lr_decay").build(),
      key("train.schedule.total_steps", LONG).atLeast(1)
          .means("cosine schedule: steps from the base rate to min_lr (required by cosine)")
          .aliases("train.schedule.t_max").build(),
      key("train.schedule.min_lr", DOUBLE).atLeast(0)
          .means("cosine schedule: final learning rate (unset: 0)")
          .aliases("train.min_lr", "train.schedule.eta_min").build(),
      key("train.schedule.warmup_steps", LONG).atLeast(0)
          .means("linear warm-up steps before any schedule (unset: 0)")
          .aliases("train.warmup_steps", "train.warmup").build(),
      key("train.clip", ENUM).values("none", "norm", "value").def("norm")
          .means("gradient clipping: global L2 norm, per value, or none")
          .aliases("train.clipping", "train.clip_mode").build(),
      key("train.clip_threshold", DOUBLE).def(5).above(0)
          .means("max global norm (norm) or max |g| (value)")
          .aliases("train.max_norm", "train.clip_value", "train.clip_norm").build(),
      key("train.l1", DOUBLE).def(0).atLeast(0).means("L1 penalty on weights (not biases)")
          .build(),
      key("train.l2", DOUBLE).def(0).atLeast(0).means("L2 penalty on weights (not biases)")
          .aliases("train.weight_decay").build(),
      key("train.batch", INT).def(32).atLeast(1).means("global minibatch size in sequences")
          .aliases("train.batch_size", "train.minibatch").build(),
      key("train.epochs", INT).def(1).atLeast(0).means("passes over the data (0: use train.steps)")
          .aliases("train.num_epochs", "train.epoch").build(),
      key("train.steps", LONG).def(0).atLeast(0).means("cap on optimizer steps; 0 = no cap")
          .aliases("train.max_steps", "train.iterations").build(),
      key("train.seed", LONG).def(42).means("seed of every random choice (order, init)")
          .aliases("train.random_seed", "seed").build(),
      key("train.max_bad_steps", INT).def(5).atLeast(1)
          .means("consecutive non-finite steps that end training").build(),
      key("train.precision", ENUM).values("f64", "f32").def("f64")
          .means("arithmetic inside a task: double (f64) or float32 (f32: activations, their"
              + " gradients and the products in float; gradient sums across partitions, the"
              + " optimizer and the parameters stay double; with layer/batch norm, residual,"
              + " bidirectional or Jordan only the products are float)")
          .aliases("train.dtype", "compute.precision").build(),
      key("train.diagnostics.every", LONG).def(0).atLeast(0)
          .means("measure gradient flow, spectra and saturation every N steps (0: off)")
          .aliases("train.diagnostics", "train.diag_every").build(),
      key("train.diagnostics.vanish_ratio", DOUBLE).def(1e-3).above(0).below(1)
          .means("warn 'vanishing' when a layer's first-to-last gradient-flow ratio is below this")
          .build(),
      key("train.diagnostics.explode_norm", DOUBLE).def(1e3).above(0)
          .means("warn 'exploding' when the gradient norm before clipping is above this").build(),

      // ---- init: how parameters start (InitConfig)
      key("init.input", ENUM).values("torch", "xavier_uniform", "xavier_normal", "normal")
          .def("xavier_uniform").means("input, feedback and head weights").aliases("init.weights")
          .build(),
      key("init.recurrent", ENUM)
          .values("torch", "xavier_uniform", "xavier_normal", "normal", "orthogonal", "identity")
          .def("orthogonal").means("recurrent matrix W_hh, per gate block")
          .aliases("init.hidden", "init.recurrent_init").build(),
      key("init.recurrent_scale", DOUBLE).def(1).above(0)
          .means("scale of orthogonal/identity W_hh").aliases("init.scale", "init.gain").build(),
      key("init.forget_bias", DOUBLE).def(1).means("LSTM forget-gate bias at start").build(),
      key("init.embedding_std", DOUBLE).def(1).above(0)
          .means("std of the normal init of the embedding table (nn.Embedding: 1)").build(),
      key("init.normal_std", DOUBLE).def(0.01).above(0).means("std of the normal init")
          .aliases("init.std").build(),

      // ---- spark: how a run is laid out on the cluster
      key("spark.master", ConfigKey.Type.STRING).def("")
          .means("master URL when not given by spark-submit (empty: local[*])").build(),
      key("spark.partitions", INT).def(0).atLeast(0)
          .means("partitions of the training examples (0: Spark's default parallelism)").build(),
      key("spark.fan_in", INT).def(8).atLeast(2)
          .means("gradient sums combined per tree node (more partitions than this add a level)").build(),
      key("spark.sync", ENUM).values("auto", "jobs", "barrier").def("auto")
          .means("how steps synchronize: jobs (a Spark job per step), barrier (a barrier-mode job "
              + "runs many steps, the driver adds the tasks' gradient sums and every task updates), "
              + "auto (barrier when every partition has a task slot, no dynamic allocation and, "
              + "on a cluster, at most spark.fan_in partitions; else jobs)").build(),
      key("spark.storage", ENUM)
          .values("memory", "memory_ser", "memory_and_disk", "memory_and_disk_ser", "disk")
          .def("memory").means("cache level of the examples").build(),

      // ---- output: what a run writes under --output
      key("output.checkpoint_every", LONG).def(100).atLeast(0)
          .means("steps between checkpoints (0: only at the end)").build(),
      key("output.keep_checkpoints", INT).def(3).atLeast(1)
          .means("newest checkpoints kept").build(),
      key("output.validate_every", LONG).def(100).atLeast(0)
          .means("steps between validations (0: only at the end)").build()));

  /** The data.* keys, declared beside their reader in DataOptions, join the list after init.*. */
  private static List<ConfigKey> withData(List<ConfigKey> others) {
    List<ConfigKey> all = new ArrayList<>();
    for (ConfigKey k : others) {
      if (k.name().startsWith("spark.") && all.stream().noneMatch(a -> a.name().startsWith("data."))) {
        for (DataOptions.Key d : DataOptions.KEYS.values()) {
          all.add(dataKey(d));
        }
      }
      all.add(k);
    }
    return List.copyOf(all);
  }

  private static ConfigKey dataKey(DataOptions.Key d) {
    ConfigKey.Builder b;
    if (!d.values().isEmpty()) {
      b = key(d.name(), ENUM).values(d.values().toArray(new String[0]));
    } else if (d.type().equals("int")) {
      b = key(d.name(), INT).atLeast(d.name().equals("data.window") ? 1 : 0);
    } else if (d.type().equals("double")) {
      b = key(d.name(), DOUBLE).atLeast(0);
      if (d.name().equals("data.validation_fraction")) {
        b = b.below(1);
      }
    } else {
      b = key(d.name(), ConfigKey.Type.STRING);
    }
    return b.def(d.defaultValue()).means(d.meaning()).build();
  }

  private static final Map<String, ConfigKey> BY_NAME;
  private static final Map<String, Integer> INDEX;

  static {
    Map<String, ConfigKey> m = new LinkedHashMap<>();
    Map<String, Integer> idx = new LinkedHashMap<>();
    Set<String> closedGroups = new LinkedHashSet<>();
    String group = null;
    for (ConfigKey k : ALL) {
      if (m.put(k.name(), k) != null) {
        throw new ExceptionInInitializerError("config key " + k.name() + " registered twice");
      }
      if (!k.group().equals(group)) {
        if (group != null) {
          closedGroups.add(group);
        }
        if (closedGroups.contains(k.group())) {
          throw new ExceptionInInitializerError("config key " + k.name() + " is out of its group");
        }
        group = k.group();
      }
      idx.put(k.name(), idx.size());
    }
    BY_NAME = Collections.unmodifiableMap(m);
    INDEX = Collections.unmodifiableMap(idx);
  }

  /** The key of this name, if registered. */
  public static Optional<ConfigKey> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * The key of this name.
   *
   * @throws ConfigException "unknown key 'x'; did you mean 'y'?" when it is not registered
   */
  public static ConfigKey get(String name) {
    ConfigKey k = BY_NAME.get(name);
    if (k == null) {
      throw unknown(name, null);
    }
    return k;
  }

  /** Position in {@link #ALL} (for ordering), or −1. */
  static int index(String name) {
    Integer i = INDEX.get(name);
    return i == null ? -1 : i;
  }

  /** Registered groups, in order: model, train, init, ... */
  public static List<String> groups() {
    List<String> g = new ArrayList<>();
    for (ConfigKey k : ALL) {
      if (!g.contains(k.group())) {
        g.add(k.group());
      }
    }
    return g;
  }

  /** "unknown key 'x' in WHERE; did you mean 'y'?" ({@code where} may be null). */
  static ConfigException unknown(String name, String where) {
    String near = suggest(name);
    String hint = near != null ? "; did you mean '" + near + "'?"
        : "; keys begin with " + String.join(", ", groups().stream().map(g -> g + ".").toList())
            + " (see ConfigKeys.reference())";
    return new ConfigException(name,
        "unknown key '" + name + "'" + (where == null ? "" : " in " + where) + hint);
  }

  /** How far (in edits) a misspelt key may be from the key it is taken for. */
  private static final int SUGGEST_DISTANCE = 3;

  /** The registered key closest to a misspelt one (its aliases count as spellings), or null. */
  public static String suggest(String unknown) {
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    String u = unknown.toLowerCase(java.util.Locale.ROOT);
    for (ConfigKey k : ALL) {
      List<String> spellings = new ArrayList<>(k.aliases());
      spellings.add(0, k.name());
      for (String s : spellings) {
        int score = Math.min(distance(u, s), distance(tail(u), tail(s)) + 2);
        if (score < bestScore) {
          bestScore = score;
          best = k.name();
        }
      }
    }
    return bestScore <= SUGGEST_DISTANCE ? best : null;
  }

  /**
   * Whether {@code name} is one of Spark's own settings, passed through to the session: a
   * {@code spark.*} name that is not the project's and not within two edits of one of the
   * project's {@code spark.*} keys (such a typo is refused with a did-you-mean instead).
   */
  public static boolean isSparksOwn(String name) {
    if (!name.startsWith("spark.") || BY_NAME.containsKey(name)) {
      return false;
    }
    // whole names only: Spark's spark.sql.shuffle.partitions shares its last word with ours
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (ConfigKey k : ALL) {
      if (k.name().startsWith("spark.") && distance(lower, k.name()) <= 2) {
        return false;
      }
    }
    return true;
  }

  /** The candidate nearest to {@code s} by edit distance, if it is close enough to be a typo. */
  static String nearest(String s, Collection<String> candidates) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(s, c);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return bestD <= Math.max(2, s.length() / 3) ? best : null;
  }

  private static String tail(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** Every key, one per line, grouped: for --help and documentation. */
  public static String reference() {
    StringBuilder sb = new StringBuilder();
    String group = null;
    for (ConfigKey k : ALL) {
      if (!k.group().equals(group)) {
        if (group != null) {
          sb.append('\n');
        }
        group = k.group();
      }
      sb.append(k.describe()).append('\n');
    }
    return sb.toString();
  }
}
