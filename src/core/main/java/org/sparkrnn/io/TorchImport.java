package org.sparkrnn.io;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.sparkrnn.config.Settings;
import org.sparkrnn.io.Safetensors.DType;
import org.sparkrnn.io.Safetensors.Tensor;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.Slot;

/**
 * Reads a PyTorch state-dict file (safetensors) of the {@code Net} of {@link TorchLayout} into a
 * model. The architecture comes from the tensors themselves — layers from the key names, hidden
 * size from {@code rnn.weight_hh_l0} [G·H, H], the cell from its gate count G (1 RNN, 3 GRU,
 * 4 LSTM), input size from {@code rnn.weight_ih_l0}, outputs from {@code linear.weight} — and what
 * a state dict cannot say (recurrence, token input, output function, loss, mode) from the file's
 * {@code __metadata__} when {@link TorchExport} wrote it, overridden by the caller's settings.
 * F64 and F32 tensors are accepted (F32 widened exactly).
 *
 * <p>Every problem — not safetensors, header or offsets wrong, an unknown, missing or misshaped
 * tensor, an integer dtype, a non-finite value, metadata contradicting the tensors — is one
 * {@link ModelFormatException} line naming the file and the tensor or key. Nothing is executed
 * or deserialized: the file is bytes, JSON and numbers.
 */
public final class TorchImport {
  private TorchImport() {}

  /** The model read, and the file's metadata. */
  public record Imported(ModelConfig model, Params params, Map<String, String> metadata) {
    /** The metadata's data spec keys (data.*), empty when the file has none. */
    public Map<String, String> dataSpec() {
      Map<String, String> m = new LinkedHashMap<>();
      metadata.forEach((k, v) -> {
        if (k.startsWith("data.")) {
          m.put(k, v);
        }
      });
      return m;
    }
  }

  /**
   * Reads and checks a state-dict file.
   *
   * @param source how errors name the file
   * @param settings model.* (and train.bptt.truncate) settings that win over the file's metadata,
   *     e.g. {@code model.activation=relu}, {@code model.mode=many-to-one}, {@code model.vocab=V}
   */
  public static Imported read(byte[] bytes, String source, Map<String, String> settings)
      throws ModelFormatException {
    String where = source + ": ";
    if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4
        || bytes.length >= 2 && (bytes[0] & 0xff) == 0x80 && bytes[1] >= 2 && bytes[1] <= 5) {
      throw new ModelFormatException(where + "a torch.save file (zip or pickle), which can run "
          + "code when loaded and is never read; write the state dict as safetensors instead "
          + "(see docs/pytorch.md)");
    }
    Safetensors.Contents contents = Safetensors.read(bytes, source);
    Map<String, Tensor> ts = contents.tensors();

    TreeSet<Integer> layers = new TreeSet<>();
    String reverse = null; // the first backward-direction tensor, if any
    for (Tensor t : ts.values()) {
      String name = t.name();
      int layer = TorchLayout.layerOf(name);
      if (layer < 0 && !name.equals("linear.weight") && !name.equals("linear.bias")
          && !name.equals(TorchLayout.EMBEDDING)) {
        throw new ModelFormatException(where + "unknown tensor '" + name + "'" + hint(name)
            + " (a state dict of rnn = nn.RNN/LSTM/GRU + linear = nn.Linear holds "
            + TorchLayout.describeKeys() + ")");
      }
      if (layer >= 0) {
        layers.add(layer);
        if (reverse == null && TorchLayout.isReverse(name)) {
          reverse = name;
        }
      }
      if (t.dtype() != DType.F64 && t.dtype() != DType.F32) {
        throw new ModelFormatException(where + "tensor '" + name + "' is " + t.dtype()
            + "; parameters must be F64 or F32");
      }
    }
    Tensor hh = require(ts, "rnn.weight_hh_l0", where);
    Tensor ih = require(ts, "rnn.weight_ih_l0", where);
    Tensor lw = require(ts, "linear.weight", where);
    long[] hhShape = matrix(hh, where);
    long[] ihShape = matrix(ih, where);
    long[] lwShape = matrix(lw, where);
    long h = hhShape[1];
    if (h < 1 || hhShape[0] % h != 0 || TorchLayout.cellOfGates((int) (hhShape[0] / h)) == null) {
      throw new ModelFormatException(where + "tensor 'rnn.weight_hh_l0' has shape "
          + Arrays.toString(hhShape) + "; expected [G·H, H] with G = 1 (RNN), 3 (GRU) or 4 (LSTM)");
    }
    CellType cell = TorchLayout.cellOfGates((int) (hhShape[0] / h));
    int expect = 0;
    for (int k : layers) {
      if (k != expect) {
        throw new ModelFormatException(where + "tensor 'rnn.weight_ih_l" + expect + "' is missing "
            + "(the file has layer " + k + " but no layer " + expect + ")");
      }
      expect++;
    }
    int numLayers = layers.size();

    Map<String, String> meta = contents.metadata();
    Map<String, String> s = new LinkedHashMap<>();
    meta.forEach((k, v) -> {
      if (k.startsWith("model.") || k.equals("train.bptt.truncate")) {
        s.put(k, v);
      }
    });
    if (meta.containsKey(TorchLayout.NONLINEARITY)) {
      s.putIfAbsent("model.activation", meta.get(TorchLayout.NONLINEARITY));
    }
    String oneHot = meta.get(TorchLayout.ONE_HOT);
    if (oneHot != null && !oneHot.equals("0")) {
      s.putIfAbsent("model.vocab", oneHot);
    }
    String module = meta.get(TorchLayout.MODULE);
    if (module != null && TorchLayout.cellOf(module) != cell) {
      throw new ModelFormatException(where + "metadata says " + TorchLayout.MODULE + "=" + module
          + " but tensor 'rnn.weight_hh_l0' " + Arrays.toString(hhShape) + " has the gates of "
          + TorchLayout.module(cell));
    }
    s.putAll(settings);
    Tensor table = ts.get(TorchLayout.EMBEDDING);
    long[] tableShape = table == null ? null : matrix(table, where);
    boolean tokens = table != null
        || s.containsKey("model.vocab") && !s.get("model.vocab").strip().equals("0");
    s.remove(tokens ? "model.input" : "model.vocab");
    Map<String, String> fromTensors = new LinkedHashMap<>();
    fromTensors.put("model.cell", cell.key());
    fromTensors.put("model.layers", Integer.toString(numLayers));
    fromTensors.put("model.hidden", Long.toString(h));
    fromTensors.put("model.bidirectional", Boolean.toString(reverse != null));
    if (table != null) {
      fromTensors.put("model.vocab", Long.toString(tableShape[0]));
      fromTensors.put("model.embedding", Long.toString(tableShape[1]));
      fromTensors.put("model.input", "0");
    } else {
      fromTensors.put(tokens ? "model.vocab" : "model.input", Long.toString(ihShape[1]));
      fromTensors.put(tokens ? "model.input" : "model.vocab", "0");
      fromTensors.put("model.embedding", "0");
    }
    fromTensors.put("model.output", Long.toString(lwShape[0]));
    boolean sameTable = table != null && Arrays.equals(tableShape, lwShape)
        && Arrays.equals(table.doubles(), lw.doubles());
    if (!s.containsKey("model.tie_weights")) {
      // a tied torch module's state dict holds the one tensor under both names
      s.put("model.tie_weights", Boolean.toString(sameTable));
    }
    for (Map.Entry<String, String> e : fromTensors.entrySet()) {
      String given = s.get(e.getKey());
      if (given != null && !sameValue(e.getKey(), given, e.getValue())) {
        throw new ModelFormatException(where + e.getKey() + "=" + given + " (from "
            + (settings.containsKey(e.getKey()) ? "the command line" : "the file's metadata")
            + ") contradicts the tensors, which give " + e.getValue() + " ("
            + evidence(e.getKey(), reverse) + ")");
      }
      s.put(e.getKey(), e.getValue());
    }
    if (cell != CellType.ELMAN) {
      s.remove("model.activation"); // LSTM/GRU have fixed nonlinearities
      s.remove("model.activation_alpha");
    }
    ModelConfig model;
    try {
      model = Settings.fromMap(s, null).toModelConfig();
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(where + e.getMessage(), e);
    }
    if (model.tieWeights() && table != null && !sameTable) {
      // checked on the parsed setting: "True" or " true" tie too, and would drop linear.weight
      throw new ModelFormatException(where + "model.tie_weights=true, but tensor 'linear.weight' "
          + "is not equal to 'embedding.weight'");
    }
    String why = TorchLayout.unsupported(model);
    if (why != null) {
      throw new ModelFormatException(where + "cannot import: " + why);
    }

    Map<String, int[]> want = TorchLayout.stateDict(model);
    for (String name : ts.keySet()) {
      if (!want.containsKey(name)) {
        throw new ModelFormatException(where + "unexpected tensor '" + name + "' for a "
            + numLayers + "-layer " + TorchLayout.module(cell) + " (expected "
            + String.join(", ", want.keySet()) + ")");
      }
    }
    Params params = new Params(Network.layoutOf(model));
    for (Slot slot : params.layout().slots()) {
      Tensor t = ts.get(slot.name());
      if (t == null) {
        throw new ModelFormatException(where + "tensor '" + slot.name() + "' is missing"
            + (slot.bias() ? " (modules built with bias=False are not supported)" : ""));
      }
      long[] shape = t.shape();
      if (!Arrays.equals(shape, longs(slot.shape()))) {
        throw new ModelFormatException(where + "tensor '" + slot.name() + "' has shape "
            + Arrays.toString(shape) + ", a " + numLayers + "-layer " + TorchLayout.module(cell)
            + " with input " + model.firstLayerInput() + ", hidden " + h + " and output "
            + model.outputSize() + " needs " + Arrays.toString(slot.shape()));
      }
      double[] v = t.doubles();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          throw new ModelFormatException(where + "tensor '" + slot.name()
              + "' holds a non-finite value (" + v[i] + ") at index " + i);
        }
      }
      params.set(slot.name(), v);
    }
    return new Imported(model, params, meta);
  }

  private static Tensor require(Map<String, Tensor> ts, String name, String where)
      throws ModelFormatException {
    Tensor t = ts.get(name);
    if (t == null) {
      throw new ModelFormatException(where + "tensor '" + name + "' is missing (a state dict of "
          + "rnn = nn.RNN/LSTM/GRU + linear = nn.Linear holds " + TorchLayout.describeKeys() + ")");
    }
    return t;
  }

  private static long[] matrix(Tensor t, String where) throws ModelFormatException {
    long[] shape = t.shape();
    if (shape.length != 2 || shape[0] < 1 || shape[1] < 1 || shape[0] > Integer.MAX_VALUE
        || shape[1] > Integer.MAX_VALUE) {
      throw new ModelFormatException(where + "tensor '" + t.name() + "' has shape "
          + Arrays.toString(shape) + "; expected a non-empty matrix");
    }
    return shape;
  }

  private static boolean sameValue(String key, String given, String actual) {
    if (key.equals("model.cell")) {
      try {
        return CellType.parse(given.strip()) == CellType.parse(actual);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (key.equals("model.bidirectional")) {
      return given.strip().equalsIgnoreCase(actual);
    }
    return given.strip().equals(actual);
  }

  private static String evidence(String key, String reverse) {
    return switch (key) {
      case "model.cell" -> "the gate count of rnn.weight_hh_l0";
      case "model.layers" -> "the rnn.*_l{k} names";
      case "model.bidirectional" -> reverse != null ? "tensor '" + reverse + "'"
          : "no rnn.*_l{k}_reverse tensor";
      case "model.hidden" -> "rnn.weight_hh_l0";
      case "model.input", "model.vocab", "model.embedding" ->
          "rnn.weight_ih_l0 and embedding.weight";
      default -> "linear.weight";
    };
  }

  private static String hint(String name) {
    if (name.startsWith("module.")) {
      return " (saved from a DataParallel wrapper? save model.module.state_dict())";
    }
    if (name.startsWith("rnn.weight_oh")) {
      return " (a spark-rnn Jordan net's; torch.nn has no Jordan module)";
    }
    return "";
  }

  private static long[] longs(int[] shape) {
    long[] l = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      l[i] = shape[i];
    }
    return l;
  }
}
