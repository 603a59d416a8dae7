package org.sparkrnn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.JordanFeedback;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.train.TrainConfig;

class SettingsTest {

  private static ConfigException refused(String text) {
    return assertThrows(ConfigException.class, () -> Settings.parse(text, "conf/x.conf"));
  }

  private static void oneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), () -> "not one line: " + e.getMessage());
  }

  @Test
  void parsesAFileWithCommentsBlankLinesAndQuotes() {
    String text = """
        # a char-level LSTM
        \s
        model.cell = lstm        # the cell
        model.vocab=65
        model.hidden  =  128
        model.output = 65
        model.layers = 2   #two of them

        train.lr = 3e-3
        # train.batch = 99
        train.optimizer = "Adam"  # quoted, and upper case
        model.teacher_forcing = FALSE
        """;
    Settings s = Settings.parse(text, "conf/x.conf");
    assertEquals("lstm", s.getString("model.cell"));
    assertEquals(65, s.getInt("model.vocab"));
    assertEquals(128, s.getInt("model.hidden"));
    assertEquals(2, s.getInt("model.layers"));
    assertEquals(3e-3, s.getDouble("train.lr"));
    assertEquals("adam", s.getString("train.optimizer"));
    assertFalse(s.getBoolean("model.teacher_forcing"));
    assertEquals(32, s.getInt("train.batch"), "commented-out line is ignored; default applies");
    assertFalse(s.isSet("train.batch"));
    assertEquals("conf/x.conf line 5", s.origin("model.hidden"));
    assertEquals(List.of("model.cell", "model.layers", "model.vocab", "model.hidden",
        "model.output", "model.teacher_forcing", "train.optimizer", "train.lr"),
        new ArrayList<>(s.asMap().keySet()), "values are kept in registry order");
    ModelConfig m = s.toModelConfig();
    assertEquals(CellType.LSTM, m.cell());
    assertEquals(65, m.inputWidth());
    assertTrue(m.tokenInput());
  }

  @Test
  void defaultsAreTheRecordsDefaults() {
    Settings s = Settings.empty().with("model.input", "3").with("model.output", "2");
    assertEquals(ModelConfig.builder().inputSize(3).outputSize(2).build(), s.toModelConfig());
    assertEquals(TrainConfig.builder().build(), s.toTrainConfig());
    assertEquals(InitConfig.defaults(), s.toInitConfig());
  }

  /** Configs that between them set every registered key to a non-default value. */
  static List<Object[]> cases() {
    List<Object[]> c = new ArrayList<>();
    c.add(new Object[] {
        ModelConfig.builder().cell(CellType.ELMAN).activation(Activation.RELU).layers(2)
            .vocabSize(50).hiddenSize(17).outputSize(3).mode(OutputMode.MANY_TO_ONE)
            .loss(Loss.SIGMOID_BCE).truncateSteps(3).build(),
        TrainConfig.builder().optimizer("nesterov", Map.of("momentum", 0.85)).learningRate(0.05)
            .schedule("step", Map.of("step_size", 100.0, "gamma", 0.5, "warmup_steps", 10.0))
            .clip("value", 0.25).l1(1e-5).l2(3e-4).batchSize(7).epochs(0).maxSteps(1234)
            .window(25).seed(-9).maxBadSteps(2).build(),
        new InitConfig("normal", "identity", 0.5, 0.25, 0.003)});
    c.add(new Object[] {
        ModelConfig.builder().cell(CellType.JORDAN).activation(Activation.LEAKY_RELU)
            .activationAlpha(0.2).inputSize(4).hiddenSize(6).outputSize(2)
            .loss(Loss.IDENTITY_MSE).jordanFeedback(JordanFeedback.RAW).teacherForcing(true)
            .build(),
        TrainConfig.builder().optimizer("rmsprop", Map.of("alpha", 0.9, "eps", 1e-6,
                "momentum", 0.1)).learningRate(1e-3)
            .schedule("cosine", Map.of("total_steps", 500.0, "min_lr", 1e-5)).clip("none", 5)
            .epochs(3).build(),
        new InitConfig("torch", "torch", 1.0, 0.0, 0.01)});
    c.add(new Object[] {
        ModelConfig.builder().cell(CellType.LSTM).activation(Activation.ELU).layers(3)
            .inputSize(5).hiddenSize(8).outputSize(4).build(),
        TrainConfig.builder().optimizer("adam", Map.of("beta1", 0.8, "beta2", 0.95, "eps", 1e-7))
            .schedule("exponential", Map.of("gamma", 0.999)).build(),
        new InitConfig("xavier_normal", "xavier_uniform", 1.0, 2.0, 0.01)});
    c.add(new Object[] {
        ModelConfig.builder().cell(CellType.GRU).activation(Activation.SIGMOID).inputSize(1)
            .hiddenSize(1).outputSize(1).loss(Loss.SIGMOID_MSE).build(),
        TrainConfig.builder().optimizer("adagrad", Map.of("eps", 1e-9)).build(),
        InitConfig.irnn(0.9)});
    c.add(new Object[] {
        ModelConfig.builder().inputSize(2).outputSize(2).activation(Activation.IDENTITY).build(),
        TrainConfig.builder().optimizer("sgd").learningRate(0.1).build(),
        InitConfig.defaults()});
    return c;
  }

  @Test
  void everyKeyRoundTripsThroughSettingsOfAndBack() {
    Set<String> written = new LinkedHashSet<>();
    for (Object[] c : cases()) {
      ModelConfig m = (ModelConfig) c[0];
      TrainConfig t = (TrainConfig) c[1];
      InitConfig i = (InitConfig) c[2];
      Settings s = Settings.of(m, t, i);
      written.addAll(s.asMap().keySet());
      assertEquals(m, s.toModelConfig());
      assertEquals(t, s.toTrainConfig());
      assertEquals(i, s.toInitConfig());
      Settings reparsed = Settings.parse(s.format(), "formatted");
      assertEquals(s, reparsed, "format() parses back to the same settings");
      assertEquals(m, reparsed.toModelConfig());
      assertEquals(t, reparsed.toTrainConfig());
      assertEquals(i, reparsed.toInitConfig());
      assertEquals(s, Settings.fromMap(s.asMap(), "map"));
    }
    Set<String> all = ConfigKeys.ALL.stream().map(ConfigKey::name)
        .filter(k -> k.startsWith("model.") || k.startsWith("train.") || k.startsWith("init."))
        .collect(Collectors.toCollection(LinkedHashSet::new));
    assertEquals(all, written, "the cases cover every key");
  }

  @Test
  void bitExactDoublesRoundTrip() {
    double lr = 0.1 + 0.2; // 0.30000000000000004
    TrainConfig t = TrainConfig.builder().learningRate(lr).l2(Math.ulp(1.0)).build();
    ModelConfig m = ModelConfig.builder().inputSize(1).outputSize(2).build();
    TrainConfig back = Settings.of(m, t, null).toTrainConfig();
    assertEquals(Double.doubleToRawLongBits(lr), Double.doubleToRawLongBits(back.learningRate()));
    assertEquals(Math.ulp(1.0), back.l2());
  }

  @Test
  void nullTrainAndInitWriteNoTrainOrInitKeys() {
    ModelConfig m = ModelConfig.builder().inputSize(2).outputSize(3).truncateSteps(4).build();
    Settings s = Settings.of(m, null, null);
    assertEquals(Set.of("train.bptt.truncate"), s.asMap().keySet().stream()
        .filter(k -> !k.startsWith("model.")).collect(Collectors.toSet()));
    assertEquals(m, s.toModelConfig());
  }

  @Test
  void unknownKeySuggestsTheNearestKey() {
    String text = "model.cell = gru\nmodel.output = 3\n# comment\ntrain.lerning_rate = 0.1\n";
    ConfigException e = refused(text);
    assertEquals("unknown key 'train.lerning_rate' in conf/x.conf line 4; did you mean 'train.lr'?",
        e.getMessage());
    assertEquals("train.lerning_rate", e.key());
    assertEquals("model.hidden", ConfigKeys.suggest("model.hiden"));
    assertEquals("train.batch", ConfigKeys.suggest("train.batch_size"));
    assertEquals("train.epochs", ConfigKeys.suggest("trian.epochs"));
    assertEquals("train.lr", ConfigKeys.suggest("model.lr"));
    assertEquals("train.l2", ConfigKeys.suggest("train.weight_decay"));
    assertEquals("train.bptt.window", ConfigKeys.suggest("train.bptt.windw"));
    ConfigException set = assertThrows(ConfigException.class,
        () -> Settings.empty().with("model.hiden", "3"));
    assertEquals("unknown key 'model.hiden' in --set; did you mean 'model.hidden'?",
        set.getMessage());
    ConfigException far = assertThrows(ConfigException.class,
        () -> Settings.empty().with("data.totally_made_up", "x"));
    assertTrue(far.getMessage().startsWith("unknown key 'data.totally_made_up' in --set"),
        far.getMessage());
    oneLine(far);
  }

  /** A did-you-mean names only a near key; a far name gets the list of groups instead. */
  @Test
  void farUnknownKeysSuggestNothing() {
    assertNull(ConfigKeys.suggest("spark.dynamicAllocation.enabled"));
    assertNull(ConfigKeys.suggest("model.totally_made_up"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> Settings.empty().with("model.totally_made_up", "1"));
    assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
  }

  /**
   * Spark's own keys pass through to the session: kept apart from the project's, written back by
   * format(), read again by parse(); the project's spark.* keys stay the project's, and a typo of
   * one of them is refused rather than handed to Spark.
   */
  @Test
  void sparksOwnKeysPassThrough() {
    Settings s = Settings.parse("model.hidden = 8\nspark.executor.memory = 4g\n"
        + "spark.partitions = 3\n", "conf/x.conf")
        .with("spark.sql.shuffle.partitions", "5", "--conf");
    assertEquals(Map.of("model.hidden", "8", "spark.partitions", "3"), s.asMap());
    assertEquals(Map.of("spark.executor.memory", "4g", "spark.sql.shuffle.partitions", "5"),
        s.sparkConf());
    assertEquals("--conf", s.origin("spark.sql.shuffle.partitions"));
    assertEquals(s, Settings.parse(s.format(), "config.conf"));
    assertEquals(Map.of("spark.executor.memory", "4g"),
        s.without("spark.sql.shuffle.partitions").sparkConf());
    assertEquals(Map.of("spark.executor.memory", "8g", "spark.sql.shuffle.partitions", "5"),
        s.overlay(Settings.empty().with("spark.executor.memory", "8g")).sparkConf());

    ConfigException typo = assertThrows(ConfigException.class,
        () -> Settings.empty().with("spark.partiton", "2"));
    assertEquals("unknown key 'spark.partiton' in --set; did you mean 'spark.partitions'?",
        typo.getMessage());
    assertTrue(refused("spark.synk = jobs\n").getMessage().endsWith("did you mean 'spark.sync'?"));
    assertTrue(ConfigKeys.isSparksOwn("spark.dynamicAllocation.enabled"));
    assertFalse(ConfigKeys.isSparksOwn("spark.sync"));
    assertFalse(ConfigKeys.isSparksOwn("model.hidden"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      train.batch           | abc         | train.batch: expected an integer, got 'abc'
      model.layers          | 1.5         | model.layers: expected an integer, got '1.5'
      model.hidden          | 0           | model.hidden must be ≥ 1, got 0
      model.hidden          | 99999999999 | model.hidden: 99999999999 is too large (at most 2147483647)
      model.vocab           | -1          | model.vocab must be ≥ 0, got -1
      train.lr              | -0.1        | train.lr must be > 0, got -0.1
      train.lr              | 0           | train.lr must be > 0, got 0
      train.lr              | 1e999       | train.lr: expected a finite number, got '1e999'
      train.l2              | NaN         | train.l2: expected a number, got 'NaN'
      train.l1              | -1e-3       | train.l1 must be ≥ 0, got -1e-3
      train.clip_threshold  | -1          | train.clip_threshold must be > 0, got -1
      train.optimizer.beta2 | 1           | train.optimizer.beta2 must be in [0, 1), got 1
      train.optimizer.momentum | 1.5      | train.optimizer.momentum must be in [0, 1], got 1.5
      train.schedule.step_size | 0        | train.schedule.step_size must be ≥ 1, got 0
      train.steps           | ten         | train.steps: expected an integer, got 'ten'
      train.max_bad_steps   | 0           | train.max_bad_steps must be ≥ 1, got 0
      model.teacher_forcing | yes         | model.teacher_forcing: expected true or false, got 'yes'
      model.cell            | lstn        | model.cell: 'lstn' is not one of elman, jordan, lstm, gru; did you mean 'lstm'?
      train.optimizer       | lbfgs       | train.optimizer: 'lbfgs' is not one of sgd, momentum, nesterov, adagrad, rmsprop, adam
      model.mode            | many_to_one | model.mode: 'many_to_one' is not one of many-to-many, many-to-one; did you mean 'many-to-one'?
      train.clip            | l2          | train.clip: 'l2' is not one of none, norm, value
      init.recurrent        | orthogonl   | init.recurrent: 'orthogonl' is not one of torch, xavier_uniform, xavier_normal, normal, orthogonal, identity; did you mean 'orthogonal'?
      init.normal_std       | 0           | init.normal_std must be > 0, got 0
      """)
  void badValuesGiveOneLineNamingTheKey(String key, String value, String expected) {
    ConfigException fromFile = refused("model.output = 2\n" + key + " = " + value + "\n");
    assertEquals(expected + " (conf/x.conf line 2)", fromFile.getMessage());
    assertEquals(key, fromFile.key());
    ConfigException fromSet = assertThrows(ConfigException.class,
        () -> Settings.empty().with(key, value));
    assertEquals(expected + " (--set)", fromSet.getMessage());
    oneLine(fromSet);
  }

  private static ConfigException crossKey(String text, java.util.function.Consumer<Settings> use) {
    Settings s = Settings.parse(text, "conf/x.conf");
    ConfigException e = assertThrows(ConfigException.class, () -> use.accept(s));
    oneLine(e);
    return e;
  }

  @Test
  void crossKeyErrorsOfTheRecordsNameTheKey() {
    ConfigException e = crossKey("model.input = 2\nmodel.output = 2\nmodel.teacher_forcing = true\n",
        Settings::toModelConfig);
    assertEquals("model.teacher_forcing", e.key());
    assertEquals("model.teacher_forcing applies to Jordan nets only (model.cell=jordan) "
        + "(conf/x.conf line 3)", e.getMessage());

    e = crossKey("model.cell = jordan\nmodel.layers = 2\nmodel.input = 2\nmodel.output = 2\n",
        Settings::toModelConfig);
    assertEquals("model.layers", e.key());
    assertTrue(e.getMessage().contains("must be 1 for a Jordan net") && e.getMessage().endsWith("line 2)"),
        e.getMessage());

    e = crossKey("model.input = 2\nmodel.output = 2\nmodel.loss = mse\n", Settings::toModelConfig);
    assertEquals("model.loss", e.key());
    assertTrue(e.getMessage().startsWith("model.loss: output 'softmax' with loss 'mse' is not "
        + "supported"), e.getMessage());

    e = crossKey("model.input = 2\nmodel.output = 1\n", Settings::toModelConfig);
    assertEquals("model.output", e.key());
    assertEquals("model.output must be ≥ 2 for softmax, got 1 (conf/x.conf line 2)",
        e.getMessage());

    e = crossKey("model.input = 2\n", Settings::toModelConfig);
    assertEquals("model.output is required (it has no default)", e.getMessage());

    e = crossKey("train.optimizer = sgd\ntrain.optimizer.beta1 = 0.9\n", Settings::toTrainConfig);
    assertEquals("train.optimizer.beta1", e.key());
    assertEquals("train.optimizer.beta1: optimizer 'sgd' has no hyper-parameter 'beta1'; it takes "
        + "momentum (conf/x.conf line 2)", e.getMessage());

    e = crossKey("train.optimizer = momentum\ntrain.optimizer.momentum = 0\n",
        Settings::toTrainConfig);
    assertEquals("train.optimizer.momentum must be > 0, got 0.0 with train.optimizer = momentum "
        + "(conf/x.conf line 2)", e.getMessage());

    e = crossKey("train.schedule = step\ntrain.schedule.gamma = 0.5\n", Settings::toTrainConfig);
    assertEquals("train.schedule.step_size", e.key());
    assertTrue(e.getMessage().startsWith("train.schedule.step_size: schedule 'step' needs"),
        e.getMessage());

    e = crossKey("train.schedule = constant\ntrain.schedule.gamma = 0.5\n", Settings::toTrainConfig);
    assertEquals("train.schedule.gamma", e.key());
    assertTrue(e.getMessage().endsWith("(conf/x.conf line 2)"), e.getMessage());

    e = crossKey("train.epochs = 0\n", Settings::toTrainConfig);
    assertEquals("train.epochs", e.key());
    assertEquals("set train.epochs or train.steps (conf/x.conf line 1)", e.getMessage());
  }

  @Test
  void malformedAndRepeatedLinesAreRefused() {
    assertEquals("conf/x.conf line 2: expected 'key = value', got 'model.cell lstm'",
        refused("# c\nmodel.cell lstm\n").getMessage());
    assertEquals("model.hidden is set twice in conf/x.conf (lines 1 and 3)",
        refused("model.hidden = 3\nmodel.cell = gru\nmodel.hidden = 4\n").getMessage());
    assertEquals("model.hidden: no value (conf/x.conf line 1)",
        refused("model.hidden =   # nothing\n").getMessage());
    assertEquals("model.cell: unbalanced quotes in '\"lstm' (conf/x.conf line 1)",
        refused("model.cell = \"lstm\n").getMessage());
  }

  @Test
  void withWithoutOverlayAndTypedGetters() {
    Settings file = Settings.parse("train.lr = 0.1\ntrain.batch = 8\n", "f");
    Settings cli = Settings.empty().with("train.batch", "16");
    Settings s = file.overlay(cli);
    assertEquals(16, s.getInt("train.batch"));
    assertEquals("--set", s.origin("train.batch"));
    assertEquals(0.1, s.getDouble("train.lr"));
    assertEquals(8, file.getInt("train.batch"), "immutable");
    Settings back = s.without("train.batch");
    assertEquals(32, back.getInt("train.batch"));
    assertNull(back.get("train.optimizer.beta1"));
    assertEquals(42L, s.getLong("train.seed"));
    assertEquals(32L, back.getLong("train.batch"), "an int key reads as a long");
    assertThrows(IllegalArgumentException.class, () -> s.getInt("train.lr"));
    ConfigException unknown = assertThrows(ConfigException.class, () -> s.get("train.lrr"));
    assertTrue(unknown.getMessage().contains("did you mean 'train.lr'"));
    assertTrue(s.resolved().keySet().containsAll(Set.of("model.cell", "train.lr", "init.input")));
    assertFalse(s.resolved().containsKey("model.output"), "no default, not set");
  }
}
