package org.sparkrnn.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparkrnn.config.Settings;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.ParamLayout;
import org.sparkrnn.model.Slot;

/**
 * The state dict of the PyTorch module a spark-rnn model corresponds to:
 * <pre>
 *   class Net(nn.Module):   # rnn = nn.RNN / nn.LSTM / nn.GRU (batch_first=False, bias=True)
 *       rnn    = nn.LSTM(input_size, hidden_size, num_layers)
 *       linear = nn.Linear(hidden_size, output_size)
 * </pre>
 * keys {@code rnn.weight_ih_l{k}} [G·H, in], {@code rnn.weight_hh_l{k}} [G·H, H],
 * {@code rnn.bias_ih_l{k}} [G·H], {@code rnn.bias_hh_l{k}} [G·H] per layer k (G = 1 RNN, 4 LSTM
 * i,f,g,o, 3 GRU r,z,n), then {@code linear.weight} [O, H], {@code linear.bias} [O]. Our
 * parameters carry exactly these names and layouts, so nothing is reordered in either direction;
 * a token model's {@code weight_ih_l0} columns are the vocabulary (torch sees a one-hot input).
 * A model with an embedding has {@code embedding = nn.Embedding(V, E)} in front of the rnn
 * ({@code embedding.weight} [V, E], first in the dict); with tied weights {@code linear.weight} is
 * that same tensor, written under both names as torch's state dict does. A bidirectional model
 * is {@code nn.LSTM(..., bidirectional=True)} + {@code nn.Linear(2H, O)}: after each layer's four
 * tensors come the backward direction's, named {@code ..._l{k}_reverse}, and layer k > 0 reads 2H.
 */
public final class TorchLayout {
  /** Metadata keys describing the torch module (all values are strings). */
  public static final String MODULE = "torch.module";
  public static final String INPUT_SIZE = "torch.input_size";
  public static final String HIDDEN_SIZE = "torch.hidden_size";
  public static final String NUM_LAYERS = "torch.num_layers";
  public static final String NONLINEARITY = "torch.nonlinearity";
  public static final String OUTPUT_SIZE = "torch.output_size";
  /** Vocabulary size V of a token model (the input is F.one_hot(ids, V)); "0" for dense input. */
  public static final String ONE_HOT = "torch.one_hot";
  /** nn.Embedding(num_embeddings, embedding_dim) in front of the rnn, and whether the head is tied. */
  public static final String NUM_EMBEDDINGS = "torch.num_embeddings";
  public static final String EMBEDDING_DIM = "torch.embedding_dim";
  public static final String TIE_WEIGHTS = "torch.tie_weights";
  /** "true" for nn.RNN/LSTM/GRU(..., bidirectional=True). */
  public static final String BIDIRECTIONAL = "torch.bidirectional";

  static final String EMBEDDING = "embedding.weight";
  static final String HEAD_WEIGHT = "linear.weight";

  static final Pattern RNN_NAME =
      Pattern.compile("rnn\\.(weight_ih|weight_hh|bias_ih|bias_hh)_l(\\d+)(_reverse)?");

  /** Model settings that change no number the exported module computes at inference. */
  private static final List<String> INFERENCE_NEUTRAL = List.of("train.bptt.truncate");

  private TorchLayout() {}

  /** torch.nn's class for a cell, or null when torch.nn has none. */
  public static String module(CellType cell) {
    return switch (cell) {
      case ELMAN -> "RNN";
      case LSTM -> "LSTM";
      case GRU -> "GRU";
      case JORDAN -> null;
    };
  }

  /** The cell of a torch.nn class name (RNN, LSTM, GRU), or null. */
  public static CellType cellOf(String module) {
    return switch (module) {
      case "RNN" -> CellType.ELMAN;
      case "LSTM" -> CellType.LSTM;
      case "GRU" -> CellType.GRU;
      default -> null;
    };
  }

  /** The cell whose gate count is {@code gates} (rows of weight_hh / hidden size), or null. */
  static CellType cellOfGates(int gates) {
    return switch (gates) {
      case 1 -> CellType.ELMAN;
      case 3 -> CellType.GRU;
      case 4 -> CellType.LSTM;
      default -> null;
    };
  }

  /** The state-dict keys and shapes of {@code Net} for this model, in torch's order. */
  public static Map<String, int[]> stateDict(ModelConfig m) {
    Map<String, int[]> d = new LinkedHashMap<>();
    int g = m.cell().gates;
    int h = m.hiddenSize();
    if (m.embedding() > 0) {
      d.put(EMBEDDING, new int[] {m.vocabSize(), m.embedding()});
    }
    for (int k = 0; k < m.layers(); k++) {
      int in = k == 0 ? m.firstLayerInput() : m.layerOutput();
      for (String dir : m.bidirectional() ? List.of("", "_reverse") : List.of("")) {
        d.put("rnn.weight_ih_l" + k + dir, new int[] {g * h, in});
        d.put("rnn.weight_hh_l" + k + dir, new int[] {g * h, h});
        d.put("rnn.bias_ih_l" + k + dir, new int[] {g * h});
        d.put("rnn.bias_hh_l" + k + dir, new int[] {g * h});
      }
    }
    d.put("linear.weight", new int[] {m.outputSize(), m.layerOutput()});
    d.put("linear.bias", new int[] {m.outputSize()});
    return d;
  }

  /** The model parameter a state-dict key holds: itself, or the embedding for a tied head. */
  public static String parameterOf(ModelConfig m, String key) {
    return m.tieWeights() && key.equals(HEAD_WEIGHT) ? EMBEDDING : key;
  }

  /**
   * Why torch.nn cannot express this model (one sentence), or null when {@link #stateDict} holds
   * all of it: Jordan nets, Elman nets with a recurrence other than tanh/relu, and any option
   * (residual links, normalization, ...) that adds parameters or changes the equations.
   */
  public static String unsupported(ModelConfig m) {
    if (m.cell() == CellType.JORDAN) {
      return "a Jordan net has no torch.nn module (torch.nn.RNN feeds back its hidden state, "
          + "not its output)";
    }
    if (m.cell() == CellType.ELMAN && m.activation() != Activation.TANH
        && m.activation() != Activation.RELU) {
      return "torch.nn.RNN has only tanh and relu recurrences; this model uses "
          + m.activation().key();
    }
    String option = equationOption(m);
    if (option != null) {
      return "torch.nn has no equivalent of " + option;
    }
    ParamLayout layout = Network.layoutOf(m);
    Map<String, int[]> torch = stateDict(m);
    for (Slot s : layout.slots()) {
      if (!torch.containsKey(s.name())) {
        return "parameter '" + s.name() + "' has no place in a torch.nn RNN/LSTM/GRU + Linear "
            + "state dict";
      }
    }
    return null;
  }

  /**
   * A model.* setting outside the plain cell + head (say model.residual=true) as "key=value", or
   * null: the model's settings are compared with those of a model built from the plain fields
   * alone, so options added later are refused until export learns them. Dropout changes nothing
   * at inference and passes, as do the settings of a normalization that is off.
   */
  private static String equationOption(ModelConfig m) {
    ModelConfig plain = ModelConfig.builder().cell(m.cell()).activation(m.activation())
        .activationAlpha(m.activationAlpha()).layers(m.layers()).inputSize(m.inputSize())
        .vocabSize(m.vocabSize()).hiddenSize(m.hiddenSize()).outputSize(m.outputSize())
        .mode(m.mode()).loss(m.loss()).jordanFeedback(m.jordanFeedback())
        .teacherForcing(m.teacherForcing()).truncateSteps(m.truncateSteps())
        .embedding(m.embedding()).tieWeights(m.tieWeights()).bidirectional(m.bidirectional())
        .build();
    Map<String, String> ours = Settings.of(m, null, null).asMap();
    Map<String, String> base = Settings.of(plain, null, null).asMap();
    for (Map.Entry<String, String> e : ours.entrySet()) {
      String k = e.getKey();
      if (INFERENCE_NEUTRAL.contains(k) || k.contains("dropout")) {
        continue;
      }
      if ("none".equals(ours.get("model.norm"))
          && (k.startsWith("model.norm.") || k.startsWith("model.batchnorm."))) {
        continue; // settings of a normalization that is off
      }
      if (!e.getValue().equals(base.get(k))) {
        return k + "=" + e.getValue();
      }
    }
    return null;
  }

  /** Whether an rnn.* key belongs to a backward direction. */
  static boolean isReverse(String name) {
    return name.endsWith("_reverse");
  }

  /** The layer index of an rnn.* key, or −1 when the name is not one. */
  static int layerOf(String name) {
    Matcher mt = RNN_NAME.matcher(name);
    if (!mt.matches()) {
      return -1;
    }
    try {
      return Integer.parseInt(mt.group(2));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  /** Every valid key name, for messages. */
  static String describeKeys() {
    return "embedding.weight (optional), rnn.{weight_ih,weight_hh,bias_ih,bias_hh}_l{k} "
        + "(and _l{k}_reverse when bidirectional), "
        + "linear.weight, linear.bias";
  }
}
