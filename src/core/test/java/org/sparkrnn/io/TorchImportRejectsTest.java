package org.sparkrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkrnn.io.Safetensors.DType;
import org.sparkrnn.io.Safetensors.Tensor;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.JordanFeedback;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Normalization;
import org.sparkrnn.model.OutputMode;

/** Export and import without Python: the round trip in Java, and a set of broken files refused. */
class TorchImportRejectsTest {
  static final String FILE = "net.safetensors";
  /** A 2-layer LSTM with dense input 3, hidden 4, output 5. */
  static final ModelConfig LSTM = ModelConfig.builder().cell(CellType.LSTM).layers(2).inputSize(3)
      .hiddenSize(4).outputSize(5).mode(OutputMode.MANY_TO_ONE).build();

  static ModelBundle lstm() {
    return ModelBundle.of(LSTM, Initializer.initialize(LSTM, InitConfig.defaults(), 3));
  }

  /** The tensors of a valid export, in file order, to be broken one way or another. */
  static List<Tensor> tensors() throws Exception {
    return new ArrayList<>(Safetensors.read(TorchExport.toBytes(lstm(), DType.F64), FILE)
        .tensors().values());
  }

  static Map<String, String> meta() {
    return TorchExport.metadata(lstm());
  }

  @Test
  void exportThenImportGivesTheSameModel() throws Exception {
    for (DType dtype : new DType[] {DType.F64, DType.F32}) {
      ModelBundle b = lstm();
      byte[] bytes = TorchExport.toBytes(b, dtype);
      Safetensors.Contents c = Safetensors.read(bytes, FILE);
      assertEquals(List.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
          "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1",
          "rnn.bias_hh_l1", "linear.weight", "linear.bias"), List.copyOf(c.tensors().keySet()));
      assertArrayEquals(new long[] {16, 3}, c.tensors().get("rnn.weight_ih_l0").shape());
      assertEquals("LSTM", c.metadata().get("torch.module"));
      assertEquals("many-to-one", c.metadata().get("model.mode"));
      TorchImport.Imported back = TorchImport.read(bytes, FILE, Map.of());
      assertEquals(LSTM, back.model());
      double[] want = b.params().data();
      double[] got = back.params().data();
      for (int i = 0; i < want.length; i++) {
        double expect = dtype == DType.F64 ? want[i] : (float) want[i];
        assertEquals(expect, got[i], 0.0, dtype + " index " + i);
      }
    }
  }

  @Test
  void exportRefusesWhatTorchNnCannotExpress() {
    ModelConfig jordan = ModelConfig.builder().cell(CellType.JORDAN).inputSize(2).hiddenSize(3)
        .outputSize(2).jordanFeedback(JordanFeedback.RAW).build();
    ModelConfig leaky = ModelConfig.builder().cell(CellType.ELMAN).activation(Activation.LEAKY_RELU)
        .inputSize(2).hiddenSize(3).outputSize(2).build();
    ModelConfig elu = leaky.toBuilder().activation(Activation.ELU).build();
    ModelConfig sigmoid = leaky.toBuilder().activation(Activation.SIGMOID).build();
    ModelConfig plain = ModelConfig.builder().cell(CellType.GRU).layers(2).inputSize(3)
        .hiddenSize(3).outputSize(2).build();
    ModelConfig residual = plain.toBuilder().residual(true).build();
    ModelConfig layerNorm = plain.toBuilder().norm(Normalization.LAYER).build();
    ModelConfig batchNorm = plain.toBuilder().norm(Normalization.BATCH).build();
    for (ModelConfig m : List.of(plain.toBuilder().dropout(0.3).build(),
        plain.toBuilder().normEps(1e-3).build())) {
      ModelBundle b = ModelBundle.of(m, Initializer.initialize(m, InitConfig.defaults(), 1));
      assertEquals(m, assertDoesNotThrow(() -> TorchImport.read(TorchExport.toBytes(b, DType.F64),
          FILE, Map.of())).model()); // inference-neutral settings travel in the metadata
    }
    for (ModelConfig m : List.of(residual, layerNorm, batchNorm)) {
      ModelBundle b = ModelBundle.of(m, Initializer.initialize(m, InitConfig.defaults(), 1));
      ModelFormatException e = assertThrows(ModelFormatException.class,
          () -> TorchExport.toBytes(b, DType.F64));
      assertTrue(e.getMessage().startsWith("cannot export to PyTorch: torch.nn has no equivalent of "
          + (m.residual() ? "model.residual=true" : "model.norm=" + m.norm().key())), e.getMessage());
    }
    for (ModelConfig m : List.of(jordan, leaky, elu, sigmoid)) {
      ModelBundle b = ModelBundle.of(m, Initializer.initialize(m, InitConfig.defaults(), 1));
      ModelFormatException e = assertThrows(ModelFormatException.class,
          () -> TorchExport.toBytes(b, DType.F64));
      assertTrue(e.getMessage().startsWith("cannot export to PyTorch: "), e.getMessage());
      assertTrue(e.getMessage().contains(m.cell() == CellType.JORDAN ? "Jordan"
          : m.activation().key()), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  /**
   * A file whose linear.weight differs from embedding.weight imported as tied, however the
   * setting is spelt, is refused: a tied model has no linear.weight, so it would be dropped.
   */
  @Test
  void tiedImportRefusesALinearWeightThatIsNotTheTable() throws Exception {
    ModelConfig tied = ModelConfig.builder().cell(CellType.GRU).vocabSize(6).embedding(4)
        .tieWeights(true).hiddenSize(4).outputSize(6).mode(OutputMode.MANY_TO_MANY).build();
    ModelBundle b = ModelBundle.of(tied, Initializer.initialize(tied, InitConfig.defaults(), 2));
    List<Tensor> ts = new ArrayList<>(Safetensors.read(TorchExport.toBytes(b, DType.F64), FILE)
        .tensors().values());
    assertTrue(TorchImport.read(file(ts, Map.of()), FILE, Map.of()).model().tieWeights());
    List<Tensor> untied = replace(ts, "linear.weight", t -> {
      double[] v = t.doubles().clone();
      v[0] += 0.5;
      return Tensor.f64(t.name(), t.shape(), v);
    });
    assertFalse(TorchImport.read(file(untied, Map.of()), FILE, Map.of()).model().tieWeights());
    for (String spelling : List.of("true", "True", " TRUE")) {
      ModelFormatException e = assertThrows(ModelFormatException.class, () -> TorchImport.read(
          file(untied, Map.of()), FILE, Map.of("model.tie_weights", spelling)), spelling);
      assertTrue(e.getMessage().endsWith("tensor 'linear.weight' is not equal to "
          + "'embedding.weight'"), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- broken files

  static byte[] file(List<Tensor> tensors, Map<String, String> meta) {
    return Safetensors.toBytes(tensors, meta);
  }

  static List<Tensor> replace(List<Tensor> ts, String name, Function<Tensor, Tensor> f) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : ts) {
      if (!t.name().equals(name)) {
        out.add(t);
      } else {
        Tensor n = f.apply(t);
        if (n != null) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** The header of a valid export, as text, to be edited. */
  static byte[] withHeader(Function<String, String> edit) throws Exception {
    byte[] bytes = file(tensors(), meta());
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) b.getLong(0);
    String header = new String(bytes, 8, n, StandardCharsets.UTF_8).strip();
    byte[] h = edit.apply(header).getBytes(StandardCharsets.UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(8 + padded + bytes.length - 8 - n)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(h);
    for (int i = h.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    out.put(bytes, 8 + n, bytes.length - 8 - n);
    return out.array();
  }

  static Stream<Arguments> broken() throws Exception {
    List<Tensor> ok = tensors();
    Map<String, String> meta = meta();
    Map<String, String> gruMeta = new LinkedHashMap<>(meta);
    gruMeta.put("torch.module", "GRU");
    ModelConfig tanh = ModelConfig.builder().inputSize(3).hiddenSize(4).outputSize(5).build();
    ModelBundle elmanModel = ModelBundle.of(tanh, Initializer.initialize(tanh, InitConfig.defaults(), 2));
    List<Tensor> elman = new ArrayList<>(Safetensors.read(
        TorchExport.toBytes(elmanModel, DType.F64), FILE).tensors().values());
    Map<String, String> leakyMeta = with(TorchExport.metadata(elmanModel), "model.activation",
        "leaky_relu");
    List<Tensor> extra = new ArrayList<>(ok);
    extra.add(Tensor.f64("encoder.weight", new long[] {2}, new double[2]));
    List<Tensor> reverse = new ArrayList<>(ok);
    reverse.add(Tensor.f64("rnn.weight_ih_l0_reverse", new long[] {16, 3}, new double[48]));
    List<Tensor> jordan = new ArrayList<>(ok);
    jordan.add(Tensor.f64("rnn.weight_oh_l0", new long[] {4, 5}, new double[20]));
    List<Tensor> third = new ArrayList<>(ok);
    third.add(Tensor.f64("rnn.weight_ih_l3", new long[] {16, 4}, new double[64]));
    byte[] valid = file(ok, meta);
    return Stream.of(
        Arguments.of("unknown tensor name", file(extra, meta), "unknown tensor 'encoder.weight'"),
        Arguments.of("bidirectional tensor", file(reverse, meta), "'rnn.weight_ih_l0_reverse'"),
        Arguments.of("Jordan feedback tensor", file(jordan, meta), "'rnn.weight_oh_l0'"),
        Arguments.of("missing bias", file(replace(ok, "rnn.bias_hh_l1", t -> null), meta),
            "tensor 'rnn.bias_hh_l1' is missing"),
        Arguments.of("missing head", file(replace(ok, "linear.weight", t -> null), meta),
            "tensor 'linear.weight' is missing"),
        Arguments.of("layer gap", file(third, meta), "tensor 'rnn.weight_ih_l2' is missing"),
        Arguments.of("head shape", file(replace(ok, "linear.weight",
            t -> Tensor.f64(t.name(), new long[] {5, 3}, new double[15])), meta),
            "tensor 'linear.weight' has shape [5, 3]"), // hidden is 4: the head is [5, 4]
        Arguments.of("transposed weight", file(replace(ok, "rnn.weight_ih_l1",
            t -> Tensor.f64(t.name(), new long[] {4, 16}, t.doubles())), meta),
            "tensor 'rnn.weight_ih_l1' has shape [4, 16]"),
        Arguments.of("recurrent matrix not [G·H, H]", file(replace(ok, "rnn.weight_hh_l0",
            t -> Tensor.f64(t.name(), new long[] {10, 4}, new double[40])), meta),
            "tensor 'rnn.weight_hh_l0' has shape [10, 4]"),
        Arguments.of("vector where a matrix belongs", file(replace(ok, "rnn.weight_ih_l0",
            t -> Tensor.f64(t.name(), new long[] {48}, t.doubles())), meta),
            "tensor 'rnn.weight_ih_l0' has shape [48]"),
        Arguments.of("integer dtype", file(replace(ok, "rnn.bias_ih_l0",
            t -> Tensor.i64(t.name(), t.shape(), new long[16])), meta),
            "tensor 'rnn.bias_ih_l0' is I64"),
        Arguments.of("NaN value", file(replace(ok, "rnn.weight_hh_l1", t -> {
          double[] v = t.doubles().clone();
          v[7] = Double.NaN;
          return Tensor.f64(t.name(), t.shape(), v);
        }), meta), "tensor 'rnn.weight_hh_l1' holds a non-finite value (NaN) at index 7"),
        Arguments.of("infinite F32 value", file(replace(ok, "linear.bias",
            t -> Tensor.f32(t.name(), t.shape(), new double[] {0, 1, 1e39, 0, 0})), meta),
            "tensor 'linear.bias' holds a non-finite value (Infinity) at index 2"),
        Arguments.of("metadata names another module", file(ok, gruMeta),
            "torch.module=GRU but tensor 'rnn.weight_hh_l0'"),
        Arguments.of("metadata contradicts the sizes", file(ok, with(meta, "model.hidden", "6")),
            "model.hidden=6 (from the file's metadata) contradicts the tensors, which give 4"),
        Arguments.of("recurrence torch.nn lacks", file(elman, leakyMeta),
            "torch.nn.RNN has only tanh and relu recurrences; this model uses leaky_relu"),
        Arguments.of("header length beyond the file", patchLong(valid, 0, valid.length),
            "is larger than the file"),
        Arguments.of("header length absurd", patchLong(valid, 0, -5L), "exceeds the 100 MB limit"),
        Arguments.of("truncated data", Arrays.copyOf(valid, valid.length - 12),
            "run past the end of the data section"),
        Arguments.of("offsets out of range", withHeader(h -> h.replaceFirst(
            "(\"linear.bias\":\\{[^}]*\"data_offsets\":\\[)(\\d+),(\\d+)",
            "$1" + "999960,1000000")), "'linear.bias'"),
        Arguments.of("offsets disagree with shape", withHeader(h -> h.replaceFirst(
            "(\"linear.bias\":\\{\"dtype\":\"F64\",\"shape\":\\[)5", "$16")),
            "tensor 'linear.bias': shape [6] of F64 needs 48 bytes"),
        Arguments.of("header not JSON", withHeader(h -> h.substring(0, h.length() / 2)),
            "bad header JSON"),
        Arguments.of("torch.save zip", "PK\u0003\u0004 archive/data.pkl".getBytes(
            StandardCharsets.UTF_8), "a torch.save file (zip or pickle)"),
        Arguments.of("pickle", new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n'},
            "a torch.save file (zip or pickle)"),
        Arguments.of("not a safetensors file", "GIF89a, not a model".getBytes(
            StandardCharsets.UTF_8), "not a safetensors file"),
        Arguments.of("empty file", new byte[0], "not a safetensors file"));
  }

  static Map<String, String> with(Map<String, String> m, String k, String v) {
    Map<String, String> out = new LinkedHashMap<>(m);
    out.put(k, v);
    return out;
  }

  static byte[] patchLong(byte[] bytes, int at, long value) {
    byte[] out = bytes.clone();
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenFilesAreRefusedWithOneLineNamingTheProblem(String what, byte[] bytes, String expected) {
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> TorchImport.read(bytes, FILE, Map.of()), what);
    String msg = e.getMessage();
    assertTrue(msg.startsWith(FILE + ": "), what + ": " + msg);
    assertTrue(msg.contains(expected), what + ": expected '" + expected + "' in: " + msg);
    assertFalse(msg.contains("\n"), what + ": " + msg);
  }
}
