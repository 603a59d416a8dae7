package org.sparkrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkrnn.config.Settings;
import org.sparkrnn.io.Safetensors.Tensor;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.JordanFeedback;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.Optimizer;
import org.sparkrnn.train.TrainConfig;

class ModelFilesTest {
  @TempDir Path tmp;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("elman-2-layer",
            ModelConfig.builder().cell(CellType.ELMAN).layers(2).vocabSize(11).hiddenSize(6)
                .outputSize(11).truncateSteps(2).build(),
            TrainConfig.builder().optimizer("nesterov", Map.of("momentum", 0.8)).window(8)
                .build()),
        Arguments.of("lstm",
            ModelConfig.builder().cell(CellType.LSTM).inputSize(3).hiddenSize(5).outputSize(2)
                .mode(OutputMode.MANY_TO_ONE).loss(Loss.SIGMOID_BCE).build(),
            TrainConfig.builder().optimizer("adam").learningRate(1e-3).build()),
        Arguments.of("gru",
            ModelConfig.builder().cell(CellType.GRU).layers(2).inputSize(4).hiddenSize(3)
                .outputSize(1).loss(Loss.IDENTITY_MSE).build(),
            TrainConfig.builder().optimizer("rmsprop", Map.of("momentum", 0.5))
                .schedule("cosine", Map.of("total_steps", 100.0)).build()),
        Arguments.of("jordan",
            ModelConfig.builder().cell(CellType.JORDAN).activation(Activation.LEAKY_RELU)
                .inputSize(2).hiddenSize(4).outputSize(3).jordanFeedback(JordanFeedback.RAW)
                .teacherForcing(true).build(),
            TrainConfig.builder().optimizer("adagrad").clip("value", 1).build()));
  }

  /** A checkpoint: initialised params, an optimizer a few steps in, counters, carried states. */
  static ModelBundle checkpoint(ModelConfig model, TrainConfig train) {
    InitConfig init = InitConfig.defaults();
    Params params = Initializer.initialize(model, init, 7);
    Optimizer opt = train.newOptimizer(params.layout().size());
    SplittableRandom r = new SplittableRandom(3);
    for (int s = 0; s < 3; s++) {
      double[] g = new double[params.data().length];
      for (int i = 0; i < g.length; i++) {
        g[i] = r.nextGaussian();
      }
      opt.step(params.data(), g, 1e-2);
    }
    int w = ModelBundle.stateWidth(model);
    Map<Long, double[]> carried = new LinkedHashMap<>();
    for (long id : new long[] {9, 2, 5000000000L}) {
      double[] row = new double[w];
      for (int i = 0; i < w; i++) {
        row[i] = r.nextDouble() - 0.5;
      }
      carried.put(id, row);
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put(ModelBundle.STEP, 3L);
    counters.put(ModelBundle.EPOCH, 1L);
    counters.put(ModelBundle.BAD_STEPS, 0L);
    return new ModelBundle(model, init, train, params, null, null, counters, carried,
        Map.of("data", "data/tiny.txt", "created", "2025-01-01T00:00:00Z", "version", "0.1.0"))
        .withOptimizer(opt);
  }

  static void assertSameBundle(ModelBundle a, ModelBundle b) {
    assertEquals(a.model(), b.model());
    assertEquals(a.init(), b.init());
    assertEquals(a.train(), b.train());
    assertEquals(Settings.of(a.model(), a.train(), a.init()),
        Settings.of(b.model(), b.train(), b.init()));
    assertEquals(a.params().layout().slots(), b.params().layout().slots());
    assertBits(a.params().data(), b.params().data(), "params");
    assertEquals(a.optimizerName(), b.optimizerName());
    if (a.optimizerState() == null) {
      assertNull(b.optimizerState());
    } else {
      assertEquals(a.optimizerState().keySet(), b.optimizerState().keySet());
      a.optimizerState().forEach((k, v) -> assertBits(v, b.optimizerState().get(k), k));
    }
    assertEquals(a.counters(), b.counters());
    assertEquals(new ArrayList<>(a.counters().keySet()), new ArrayList<>(b.counters().keySet()));
    if (a.carriedStates() == null) {
      assertNull(b.carriedStates());
    } else {
      assertEquals(a.carriedStates().keySet(), b.carriedStates().keySet());
      a.carriedStates().forEach((k, v) -> assertBits(v, b.carriedStates().get(k), "carry " + k));
    }
    assertEquals(a.provenance(), b.provenance());
  }

  static void assertBits(double[] a, double[] b, String what) {
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        throw new AssertionError(what + "[" + i + "]: " + a[i] + " != " + b[i]);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void roundTripIsBitIdentical(String name, ModelConfig model, TrainConfig train) throws Exception {
    ModelBundle saved = checkpoint(model, train);
    Path dir = tmp.resolve(name);
    ModelFiles.save(saved, dir);
    ModelBundle loaded = ModelFiles.load(dir);
    assertSameBundle(saved, loaded);

    // the restored optimizer continues exactly where the saved one was
    Optimizer a = saved.restoreOptimizer();
    Optimizer b = loaded.restoreOptimizer();
    assertEquals(3, b.steps());
    double[] pa = saved.params().data().clone();
    double[] pb = loaded.params().data().clone();
    double[] g = new double[pa.length];
    java.util.Arrays.fill(g, 0.125);
    a.step(pa, g, 1e-2);
    b.step(pb, g, 1e-2);
    assertBits(pa, pb, "params after one more step");

    // the stream API gives the same bytes and the same bundle
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    ByteArrayOutputStream tensors = new ByteArrayOutputStream();
    ModelFiles.write(loaded, json, tensors);
    assertArrayEquals(Files.readAllBytes(dir.resolve(ModelFiles.TENSORS_FILE)),
        tensors.toByteArray(), "writing is deterministic");
    assertArrayEquals(Files.readAllBytes(dir.resolve(ModelFiles.JSON_FILE)), json.toByteArray());
    assertSameBundle(saved, ModelFiles.read(new ByteArrayInputStream(json.toByteArray()),
        new ByteArrayInputStream(tensors.toByteArray()), "mem"));
  }

  @Test
  void tensorsCarryPyTorchNamesAndShapes() throws Exception {
    ModelConfig lstm = ModelConfig.builder().cell(CellType.LSTM).layers(2).inputSize(3)
        .hiddenSize(5).outputSize(4).build();
    Path dir = tmp.resolve("m");
    ModelFiles.save(checkpoint(lstm, TrainConfig.builder().build()), dir);
    Safetensors.Contents c = Safetensors.read(dir.resolve(ModelFiles.TENSORS_FILE));
    Map<String, String> shapes = new LinkedHashMap<>();
    c.tensors().forEach((k, t) -> shapes.put(k, t.dtype() + java.util.Arrays.toString(t.shape())));
    int p = 4 * 5 * 3 + 4 * 5 * 5 + 2 * 4 * 5 + 4 * 5 * 5 + 4 * 5 * 5 + 2 * 4 * 5 + 4 * 5 + 4;
    Map<String, String> want = new LinkedHashMap<>();
    want.put("rnn.weight_ih_l0", "F64[20, 3]");
    want.put("rnn.weight_hh_l0", "F64[20, 5]");
    want.put("rnn.bias_ih_l0", "F64[20]");
    want.put("rnn.bias_hh_l0", "F64[20]");
    want.put("rnn.weight_ih_l1", "F64[20, 5]");
    want.put("rnn.weight_hh_l1", "F64[20, 5]");
    want.put("rnn.bias_ih_l1", "F64[20]");
    want.put("rnn.bias_hh_l1", "F64[20]");
    want.put("linear.weight", "F64[4, 5]");
    want.put("linear.bias", "F64[4]");
    want.put("optimizer.exp_avg", "F64[" + p + "]");
    want.put("optimizer.exp_avg_sq", "F64[" + p + "]");
    want.put("carry.ids", "I64[3]");
    want.put("carry.states", "F64[3, 20]");
    assertEquals(want, shapes);
    assertArrayEquals(new long[] {2, 9, 5000000000L}, c.tensors().get("carry.ids").longs(),
        "ids ascending");
    var json = new ObjectMapper().readTree(dir.resolve(ModelFiles.JSON_FILE).toFile());
    assertEquals("spark-rnn-model", json.get("format").asText());
    assertEquals(1, json.get("version").asInt());
    assertEquals("lstm", json.get("settings").get("model.cell").asText());
    assertEquals("[20,3]", json.get("parameters").get("rnn.weight_ih_l0").toString());
    assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(dir.resolve(ModelFiles.TENSORS_FILE)))),
        json.get("tensors_sha256").asText());
  }

  @Test
  void aBareModelRoundTrips() throws Exception {
    ModelConfig m = ModelConfig.builder().cell(CellType.GRU).inputSize(2).hiddenSize(3)
        .outputSize(2).build();
    ModelBundle bare = ModelBundle.of(m, Initializer.initialize(m, InitConfig.torch(), 1));
    Path dir = tmp.resolve("bare");
    ModelFiles.save(bare, dir);
    ModelBundle back = ModelFiles.load(dir);
    assertSameBundle(bare, back);
    assertNull(back.train());
    assertNull(back.init());
    assertThrows(IllegalStateException.class, back::restoreOptimizer);
  }

  @Test
  void saveIsAtomicAndRefusesToClobber() throws Exception {
    ModelConfig m = ModelConfig.builder().inputSize(2).hiddenSize(3).outputSize(2).build();
    ModelBundle one = ModelBundle.of(m, Initializer.initialize(m, InitConfig.defaults(), 1));
    ModelBundle two = ModelBundle.of(m, Initializer.initialize(m, InitConfig.defaults(), 2));
    Path dir = tmp.resolve("out").resolve("model");
    ModelFiles.save(one, dir);
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> ModelFiles.save(two, dir));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertBits(one.params().data(), ModelFiles.load(dir).params().data(), "unchanged");
    ModelFiles.save(two, dir, true);
    assertBits(two.params().data(), ModelFiles.load(dir).params().data(), "replaced");
    try (Stream<Path> s = Files.list(dir.getParent())) {
      assertEquals(List.of(dir), s.toList(), "no temporary or old directories left behind");
    }
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    ModelFiles.save(one, empty);
    assertTrue(Files.exists(empty.resolve(ModelFiles.JSON_FILE)));

    double[] nan = one.params().data().clone();
    nan[4] = Double.NaN;
    ModelBundle bad = ModelBundle.of(m, new Params(one.params().layout(), nan));
    ModelFormatException refused = assertThrows(ModelFormatException.class,
        () -> ModelFiles.save(bad, tmp.resolve("nan")));
    assertTrue(refused.getMessage().contains("non-finite"), refused.getMessage());
    assertFalse(Files.exists(tmp.resolve("nan")), "nothing written");
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temp left");
    }
  }

  // ------------------------------------------------------------ corrupted files

  private Path saved() throws Exception {
    ModelConfig lstm = ModelConfig.builder().cell(CellType.LSTM).inputSize(3).hiddenSize(4)
        .outputSize(2).build();
    Path dir = tmp.resolve("ckpt");
    ModelFiles.save(checkpoint(lstm, TrainConfig.builder().build()), dir);
    return dir;
  }

  private static void editJson(Path dir, UnaryOperator<ObjectNode> edit) throws Exception {
    ObjectMapper om = new ObjectMapper();
    Path p = dir.resolve(ModelFiles.JSON_FILE);
    ObjectNode root = (ObjectNode) om.readTree(p.toFile());
    Files.write(p, om.writeValueAsBytes(edit.apply(root)));
  }

  /** Replaces the tensors file and updates the checksum, so the checks behind it are reached. */
  private static void replaceTensors(Path dir, byte[] bytes) throws Exception {
    Files.write(dir.resolve(ModelFiles.TENSORS_FILE), bytes);
    String sha = HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    editJson(dir, r -> r.put("tensors_sha256", sha));
  }

  private static void editTensors(Path dir, UnaryOperator<List<Tensor>> edit) throws Exception {
    Safetensors.Contents c = Safetensors.read(dir.resolve(ModelFiles.TENSORS_FILE));
    replaceTensors(dir, Safetensors.toBytes(edit.apply(new ArrayList<>(c.tensors().values())),
        c.metadata()));
  }

  private static Tensor renamed(Tensor t, String name) {
    return Tensor.f64(name, t.shape(), t.doubles());
  }

  private static void refused(Path dir, String... expected) {
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(dir));
    String m = e.getMessage();
    assertTrue(m.startsWith(dir.toString()), m);
    for (String x : expected) {
      assertTrue(m.contains(x), () -> "expected '" + x + "' in: " + m);
    }
    assertFalse(m.contains("\n"), m);
  }

  private static final String CHECKSUM = "checksum mismatch: tensors.safetensors does not match "
      + "model.json (truncated or corrupted file)";

  @Test
  void truncatedTensorsFile() throws Exception {
    Path dir = saved();
    Path t = dir.resolve(ModelFiles.TENSORS_FILE);
    byte[] b = Files.readAllBytes(t);
    Files.write(t, java.util.Arrays.copyOf(b, b.length - 100));
    refused(dir, CHECKSUM);
  }

  @Test
  void oneFlippedByte() throws Exception {
    Path dir = saved();
    Path t = dir.resolve(ModelFiles.TENSORS_FILE);
    byte[] b = Files.readAllBytes(t);
    b[b.length / 2] ^= 0x10;
    Files.write(t, b);
    refused(dir, CHECKSUM);
  }

  @Test
  void shapeChangedInModelJson() throws Exception {
    Path dir = saved();
    editJson(dir, r -> {
      ((ObjectNode) r.get("parameters")).putArray("rnn.weight_ih_l0").add(16).add(2);
      return r;
    });
    refused(dir, "model.json: parameter 'rnn.weight_ih_l0' has shape [16,2] but the settings "
        + "give [16, 3]");
  }

  @Test
  void settingChangedSoTheShapesNoLongerAgree() throws Exception {
    Path dir = saved();
    editJson(dir, r -> {
      ((ObjectNode) r.get("settings")).put("model.hidden", "5");
      return r;
    });
    refused(dir, "model.json: parameter 'rnn.weight_ih_l0' has shape [16,3] but the settings "
        + "give [20, 3]");
  }

  @Test
  void renamedTensor() throws Exception {
    Path dir = saved();
    editTensors(dir, ts -> {
      ts.set(1, renamed(ts.get(1), "rnn.weight_hh_l9"));
      return ts;
    });
    refused(dir, "tensors.safetensors: unknown tensor 'rnn.weight_hh_l9'");
  }

  @Test
  void missingTensor() throws Exception {
    Path dir = saved();
    editTensors(dir, ts -> {
      ts.remove(3);
      return ts;
    });
    refused(dir, "tensors.safetensors: parameter 'rnn.bias_hh_l0' is missing");
  }

  @Test
  void wrongShapeInTensorsFile() throws Exception {
    Path dir = saved();
    editTensors(dir, ts -> {
      Tensor w = ts.get(0);
      ts.set(0, Tensor.f64(w.name(), new long[] {3, 16}, w.doubles()));
      return ts;
    });
    refused(dir, "tensor 'rnn.weight_ih_l0' has shape [3, 16], the model needs [16, 3]");
  }

  @Test
  void headerLengthBeyondTheFile() throws Exception {
    Path dir = saved();
    byte[] b = Files.readAllBytes(dir.resolve(ModelFiles.TENSORS_FILE));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, b.length + 1000L);
    replaceTensors(dir, b);
    refused(dir, "tensors.safetensors: header length " + (b.length + 1000L)
        + " is larger than the file");
  }

  @Test
  void badJson() throws Exception {
    Path dir = saved();
    Files.writeString(dir.resolve(ModelFiles.JSON_FILE), "{\"format\": \"spark-rnn-model\", ");
    refused(dir, "model.json: bad JSON");
  }

  @Test
  void nanInATensor() throws Exception {
    Path dir = saved();
    editTensors(dir, ts -> {
      ts.get(1).doubles()[5] = Double.NaN;
      return ts;
    });
    refused(dir, "tensors.safetensors: tensor 'rnn.weight_hh_l0' holds a non-finite value (NaN) "
        + "at index 5");
  }

  @Test
  void infinityInOptimizerState() throws Exception {
    Path dir = saved();
    editTensors(dir, ts -> {
      ts.stream().filter(t -> t.name().equals("optimizer.exp_avg_sq")).findFirst().orElseThrow()
          .doubles()[0] = Double.POSITIVE_INFINITY;
      return ts;
    });
    refused(dir, "tensor 'optimizer.exp_avg_sq' holds a non-finite value (Infinity) at index 0");
  }

  @Test
  void version99() throws Exception {
    Path dir = saved();
    editJson(dir, r -> r.put("version", 99));
    refused(dir, "model.json: unsupported format version 99 (this spark-rnn reads version 1)");
  }

  @Test
  void notASparkRnnModel() throws Exception {
    Path dir = saved();
    editJson(dir, r -> r.put("format", "something-else"));
    refused(dir, "not a spark-rnn model");
  }

  @Test
  void unknownSettingInModelJson() throws Exception {
    Path dir = saved();
    editJson(dir, r -> {
      ((ObjectNode) r.get("settings")).put("model.hiden", "4");
      return r;
    });
    refused(dir, "model.json: unknown key 'model.hiden'; did you mean 'model.hidden'?");
  }

  @Test
  void badSettingValueInModelJson() throws Exception {
    Path dir = saved();
    editJson(dir, r -> {
      ((ObjectNode) r.get("settings")).put("train.batch", "abc");
      return r;
    });
    refused(dir, "model.json: train.batch: expected an integer, got 'abc'");
  }

  @Test
  void optimizerStateNotMatchingTheOptimizer() throws Exception {
    Path dir = saved();
    editTensors(dir, ts -> {
      ts.removeIf(t -> t.name().equals("optimizer.exp_avg_sq"));
      return ts;
    });
    editJson(dir, r -> {
      r.putArray("optimizer_state").add("exp_avg");
      return r;
    });
    refused(dir, "optimizer state [exp_avg] does not match adam's [exp_avg, exp_avg_sq]");
  }

  @Test
  void carriedStateOfTheWrongWidth() throws Exception {
    Path dir = saved();
    editTensors(dir, ts -> {
      int i = ts.size() - 1;
      Tensor s = ts.get(i);
      ts.set(i, Tensor.f64("carry.states", new long[] {6, 4}, s.doubles()));
      return ts;
    });
    refused(dir, "tensor 'carry.states' has shape [6, 4], the model needs [3, 8]");
  }

  @Test
  void missingFiles() throws Exception {
    Path dir = saved();
    Files.delete(dir.resolve(ModelFiles.JSON_FILE));
    refused(dir, "model.json is missing");
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> ModelFiles.load(tmp.resolve("nope")));
    assertTrue(e.getMessage().contains("no such model directory"), e.getMessage());
  }
}
