package org.sparkrnn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkrnn.config.Settings;
import org.sparkrnn.io.Safetensors.DType;
import org.sparkrnn.io.Safetensors.Tensor;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;

/**
 * A model as a PyTorch state-dict file: the safetensors layout with exactly the keys and shapes of
 * {@link TorchLayout#stateDict}, F64 (or F32), and a {@code __metadata__} map that lets the other
 * side build the module: {@code torch.*} (module, input_size, hidden_size, num_layers,
 * nonlinearity, output_size, one_hot, and for an embedding num_embeddings, embedding_dim,
 * tie_weights), the model's settings ({@code model.*},
 * {@code train.bptt.truncate}) and its data spec ({@code data.*}: vocabulary, classes, ...), so
 * {@link TorchImport} gives back the same model.
 */
public final class TorchExport {
  private TorchExport() {}

  /**
   * The file's bytes.
   *
   * @throws ModelFormatException naming the reason when torch.nn cannot express the model
   */
  public static byte[] toBytes(ModelBundle bundle, DType dtype) throws ModelFormatException {
    if (dtype != DType.F64 && dtype != DType.F32) {
      throw new IllegalArgumentException("export dtype must be F64 or F32, got " + dtype);
    }
    ModelConfig m = bundle.model();
    String why = TorchLayout.unsupported(m);
    if (why != null) {
      throw new ModelFormatException("cannot export to PyTorch: " + why);
    }
    List<Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, int[]> e : TorchLayout.stateDict(m).entrySet()) {
      double[] v = bundle.params().get(TorchLayout.parameterOf(m, e.getKey()));
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i]) || dtype == DType.F32 && Float.isInfinite((float) v[i])) {
          throw new ModelFormatException("cannot export: parameter '" + e.getKey()
              + "' holds " + v[i] + " at index " + i
              + (Double.isFinite(v[i]) ? ", beyond the F32 range" : ""));
        }
      }
      long[] shape = new long[e.getValue().length];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = e.getValue()[i];
      }
      tensors.add(dtype == DType.F64 ? Tensor.f64(e.getKey(), shape, v)
          : Tensor.f32(e.getKey(), shape, v));
    }
    return Safetensors.toBytes(tensors, metadata(bundle));
  }

  /** The {@code __metadata__} map (string → string). */
  public static Map<String, String> metadata(ModelBundle bundle) {
    ModelConfig m = bundle.model();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    meta.put("producer", "spark-rnn");
    meta.put(TorchLayout.MODULE, TorchLayout.module(m.cell()));
    meta.put(TorchLayout.INPUT_SIZE, Integer.toString(m.firstLayerInput()));
    meta.put(TorchLayout.HIDDEN_SIZE, Integer.toString(m.hiddenSize()));
    meta.put(TorchLayout.NUM_LAYERS, Integer.toString(m.layers()));
    meta.put(TorchLayout.BIDIRECTIONAL, Boolean.toString(m.bidirectional()));
    if (m.cell() == CellType.ELMAN) {
      meta.put(TorchLayout.NONLINEARITY, m.activation().key());
    }
    meta.put(TorchLayout.OUTPUT_SIZE, Integer.toString(m.outputSize()));
    meta.put(TorchLayout.ONE_HOT, Integer.toString(m.embedding() > 0 ? 0 : m.vocabSize()));
    if (m.embedding() > 0) {
      meta.put(TorchLayout.NUM_EMBEDDINGS, Integer.toString(m.vocabSize()));
      meta.put(TorchLayout.EMBEDDING_DIM, Integer.toString(m.embedding()));
      meta.put(TorchLayout.TIE_WEIGHTS, Boolean.toString(m.tieWeights()));
    }
    Settings.of(m, null, null).asMap().forEach(meta::put);
    bundle.provenance().forEach((k, v) -> {
      if (k.startsWith("data.") && !k.equals("data.path")) {
        meta.put(k, v);
      }
    });
    return meta;
  }
}
