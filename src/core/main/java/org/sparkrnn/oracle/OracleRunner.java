package org.sparkrnn.oracle;

import java.util.Map;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.InputGradients;
import org.sparkrnn.model.JordanFeedback;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.RecurrentState;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.model.StepResult;

/**
 * Evaluates one golden case with the engine and compares every value the file holds that the
 * engine has: the loss, forward values (per layer as {@code NAME_layerL}), every gradient
 * (parameters, x, initial state), the per-step norms of the intermediate gradients dL/dh_t and,
 * where the file has them, the clipping and optimizer step ({@link UpdateCheck}). Whatever else
 * the file holds is reported as skipped, by name.
 */
public final class OracleRunner {
  /** Jordan files name their tensors by the equations; the engine uses PyTorch-style names. */
  private static final Map<String, String> JORDAN_NAMES = Map.of(
      "U", "rnn.weight_ih_l0", "W_y", "rnn.weight_oh_l0", "b", "rnn.bias_ih_l0",
      "V", "linear.weight", "c", "linear.bias");

  /** Sections read whole by this class or {@link UpdateCheck}; any other is reported skipped. */
  private static final java.util.Set<String> SECTIONS = java.util.Set.of("name", "description",
      "conventions", "config", "parameters", "inputs", "forward", "loss", "gradients",
      "intermediate_gradients", "clipping", "sgd_step", "adam_step");
  private static final java.util.regex.Pattern PER_LAYER =
      java.util.regex.Pattern.compile("(.+)_layer(\\d+)(_reverse)?");

  private OracleRunner() {}

  public static CaseReport check(GoldenCase c, Gemm gemm) {
    ModelConfig config = configOf(c);
    Network net = Network.create(config, gemm);
    Params params = paramsOf(c, net);
    int batch = c.configInt("batch", 0);
    int steps = c.configInt("seq_len", 0);
    SequenceBatch data = batchOf(c, config, batch, steps);
    RecurrentState init = initOf(c, config, batch);

    Params grad = params.zerosLike();
    InputGradients inputGrads = new InputGradients();
    net.recordGradientFlow(true);
    StepResult result = net.forwardBackward(data, params, grad, init, inputGrads);
    double[][] flow = net.gradientFlowSquares();
    net.recordGradientFlow(false);

    CaseReport report = new CaseReport(c.name());
    report.compare("loss", result.lossSum(), c.loss());
    compareForward(c, config, net, result, report, batch, steps);
    compareGradients(c, config, grad, inputGrads, report, batch, steps);
    compareIntermediate(c, config, flow, report, batch, steps);
    UpdateCheck.compare(c, net, params, grad, data, init, report);
    for (String section : c.sections()) {
      if (!SECTIONS.contains(section)) {
        report.skip(section);
      }
    }
    return report;
  }

  static ModelConfig configOf(GoldenCase c) {
    CellType cell = CellType.parse(c.configText("model", "elman"));
    String lossText = c.configText("loss", "cross-entropy").toLowerCase(java.util.Locale.ROOT);
    Loss loss = lossText.contains("cross-entropy") ? Loss.SOFTMAX_CROSS_ENTROPY : Loss.IDENTITY_MSE;
    int vocab = c.configInt("vocab_size", 0);
    return ModelConfig.builder()
        .cell(cell)
        .activation(Activation.parse(c.configText("nonlinearity", "tanh")))
        .layers(c.configInt("num_layers", 1))
        .inputSize(c.configInt("input_size", 0))
        .vocabSize(vocab) // token cases: x is int64 ids [B, T]
        .embedding(c.configInt("embedding_dim", 0))
        .tieWeights(c.configText("tie_weights", "false").equals("true"))
        .bidirectional(c.configText("bidirectional", "false").equals("true"))
        .hiddenSize(c.configInt("hidden_size", 0))
        .outputSize(c.configInt("output_size", 0))
        .mode(OutputMode.parse(c.configText("mode", "many-to-many")))
        .loss(loss)
        // the documented Jordan equations feed back the raw y_{t-1}
        .jordanFeedback(JordanFeedback.parse(c.configText("feedback", "raw")))
        .build();
  }

  static String engineName(ModelConfig config, String fileName) {
    return config.cell() == CellType.JORDAN ? JORDAN_NAMES.getOrDefault(fileName, fileName) : fileName;
  }

  static Params paramsOf(GoldenCase c, Network net) {
    Params params = new Params(net.layout());
    Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(c.tensors("parameters"));
    if (net.config().tieWeights()) {
      // a tied module's state dict holds the one tensor under both names
      Tensor head = tensors.remove("linear.weight");
      Tensor table = tensors.get("embedding.weight");
      if (head == null || table == null
          || !java.util.Arrays.equals(head.values(), table.values())) {
        throw new IllegalArgumentException(c.name() + ": tie_weights, but linear.weight and "
            + "embedding.weight are not both present and equal");
      }
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      params.set(engineName(net.config(), e.getKey()), e.getValue().values());
    }
    if (tensors.size() != net.layout().slots().size()) {
      throw new IllegalArgumentException(c.name() + ": file has " + tensors.size()
          + " parameter tensors, the model " + net.layout().slots().size());
    }
    return params;
  }

  private static SequenceBatch batchOf(GoldenCase c, ModelConfig config, int batch, int steps) {
    Tensor targets = c.tensor("inputs", "targets");
    boolean perStep = config.mode() == OutputMode.MANY_TO_MANY;
    int[] lengths = lengthsOf(c);
    if (config.tokenInput()) {
      int[] ids = Layouts.toTimeMajor(c.tensor("inputs", "x").asInts(), batch, steps);
      int[] cls = targets.asInts();
      return SequenceBatch.tokens(batch, steps, ids, perStep ? Layouts.toTimeMajor(cls, batch, steps) : cls, null, perStep, lengths);
    }
    double[] x = Layouts.toTimeMajor(c.tensor("inputs", "x").values(), batch, steps, config.inputSize());
    if (config.loss().classTargets) {
      int[] cls = targets.asInts();
      return SequenceBatch.dense(batch, steps, x, perStep ? Layouts.toTimeMajor(cls, batch, steps) : cls, null, perStep, lengths);
    }
    double[] real = perStep
        ? Layouts.toTimeMajor(targets.values(), batch, steps, config.outputSize())
        : targets.values();
    return SequenceBatch.dense(batch, steps, x, null, real, perStep, lengths);
  }

  /** The sequences' lengths ({@code inputs.lengths}, [B]), or null when all have T steps. */
  private static int[] lengthsOf(GoldenCase c) {
    Tensor lengths = c.tensors("inputs").get("lengths");
    return lengths == null ? null : lengths.asInts();
  }

  private static RecurrentState initOf(GoldenCase c, ModelConfig config, int batch) {
    Map<String, Tensor> in = c.tensors("inputs");
    RecurrentState zero = RecurrentState.zeros(config, batch);
    int states = config.layers() * config.directions();
    double[][] h = in.containsKey("h0") ? Layouts.unstack(in.get("h0").values(), states) : zero.h;
    double[][] cs = in.containsKey("c0") ? Layouts.unstack(in.get("c0").values(), states) : zero.c;
    double[] y = in.containsKey("y0") ? in.get("y0").values() : zero.y;
    return new RecurrentState(batch, h, cs, y);
  }

  private static void compareForward(GoldenCase c, ModelConfig config, Network net,
      StepResult result, CaseReport report, int batch, int steps) {
    int h = config.hiddenSize();
    int o = config.outputSize();
    boolean perStep = config.mode() == OutputMode.MANY_TO_MANY;
    int[] lengths = lengthsOf(c);
    for (Map.Entry<String, Tensor> e : c.tensors("forward").entrySet()) {
      String key = e.getKey();
      double[] ref = e.getValue().values();
      double[] ours;
      switch (key) {
        case "h" -> ours = Layouts.padWithZeros(Layouts.toBatchFirst(
            net.hiddenStates(config.layers() - 1), batch, steps, config.layerOutput()), lengths, steps);
        case "features" -> ours = features(net, config, lengths, batch, steps);
        case "h_n" -> ours = Layouts.stack(result.finalState().h);
        case "c_n" -> ours = Layouts.stack(result.finalState().c);
        case "logits", "y" -> ours = perStep
            ? Layouts.toBatchFirst(net.logits(), batch, steps, o) : net.logits();
        case "probs" -> ours = perStep
            ? Layouts.toBatchFirst(net.outputs(), batch, steps, o) : net.outputs();
        case "loss_per_item" -> ours = perStep
            ? Layouts.toBatchFirst(net.itemLosses(), batch, steps, 1) : net.itemLosses();
        default -> {
          double[] value = layerValue(net, config, key);
          ours = value == null ? null
              : Layouts.padWithZeros(Layouts.toBatchFirst(value, batch, steps, h), lengths, steps);
        }
      }
      if (ours == null) {
        report.skip("forward." + key);
      } else {
        report.compare("forward." + key, ours, ref);
      }
    }
  }

  /**
   * A per-layer value of the last forward, [T·B × H] time-major: {@code NAME_layerL} or, in a
   * one-layer net, plain {@code NAME} ("h", or an internal such as "i", "c", "r", "a"); a
   * bidirectional layer's backward direction is {@code NAME_layerL_reverse}. Null when the engine
   * has no such value (another name, a layer or direction it does not have).
   */
  private static double[] layerValue(Network net, ModelConfig config, String key) {
    String name = key;
    int layer = 0;
    java.util.regex.Matcher m = PER_LAYER.matcher(key);
    if (m.matches()) {
      name = m.group(1) + (m.group(3) == null ? "" : "_reverse");
      layer = Integer.parseInt(m.group(2));
    }
    if (layer >= config.layers()) {
      return null;
    }
    if (name.equals("h") && !config.bidirectional()) {
      return net.hiddenStates(layer);
    }
    return net.internals(layer).get(name); // a bidirectional layer has "h" and "h_reverse" here
  }

  /**
   * What a many-to-one head reads, [B × directions·H]: the top layer's output at each sequence's
   * last step; a backward direction's half at step 0.
   */
  private static double[] features(Network net, ModelConfig config, int[] lengths, int batch,
      int steps) {
    int w = config.layerOutput();
    int h = config.hiddenSize();
    double[] top = net.hiddenStates(config.layers() - 1);
    double[] out = new double[batch * w];
    for (int b = 0; b < batch; b++) {
      int last = lengths == null ? steps - 1 : lengths[b] - 1;
      System.arraycopy(top, (last * batch + b) * w, out, b * w, h);
      if (config.bidirectional()) {
        System.arraycopy(top, b * w + h, out, b * w + h, h);
      }
    }
    return out;
  }

  /**
   * dL/dh_t of the file (batch-first [B, T, H]) against the engine's gradient-flow profile: the
   * sum over the batch of ‖dL/dh_t‖² for every step, per layer ("h" is the top layer, [B, T, 2H]
   * when bidirectional; a bidirectional layer's {@code h_layerL} is compared together with its
   * {@code h_layerL_reverse}, as the profile holds both directions). Other intermediate gradients
   * (dL/dlogits, dL/dc_t, ...) the engine does not expose: skipped.
   */
  private static void compareIntermediate(GoldenCase c, ModelConfig config, double[][] flow,
      CaseReport report, int batch, int steps) {
    Map<String, Tensor> all = c.tensors("intermediate_gradients");
    for (Map.Entry<String, Tensor> e : all.entrySet()) {
      String key = e.getKey();
      java.util.regex.Matcher m = PER_LAYER.matcher(key);
      boolean perDirection = config.bidirectional() && m.matches();
      if (perDirection && m.group(3) != null && all.containsKey(key.replace("_reverse", ""))) {
        continue; // added to its forward direction's below
      }
      int layer = key.equals("h") ? config.layers() - 1
          : m.matches() && m.group(1).equals("h") ? Integer.parseInt(m.group(2)) : -1;
      double[] ref = e.getValue().values();
      Tensor reverse = perDirection ? all.get(key + "_reverse") : null;
      int width = key.equals("h") ? config.layerOutput() : config.hiddenSize();
      if (flow == null || layer < 0 || layer >= flow.length || ref.length != batch * steps * width
          || perDirection && reverse == null) {
        report.skip("intermediate_gradients." + key);
        continue;
      }
      double[] refSquares = squaresPerStep(ref, batch, steps, width);
      if (reverse != null) {
        double[] more = squaresPerStep(reverse.values(), batch, steps, width);
        for (int t = 0; t < steps; t++) {
          refSquares[t] += more[t];
        }
      }
      report.compare("intermediate." + key + ".norm2", flow[layer], refSquares);
    }
  }

  /** Σ over the batch of the squares of a batch-first [B, T, width] array, per step. */
  private static double[] squaresPerStep(double[] v, int batch, int steps, int width) {
    double[] out = new double[steps];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < width; j++) {
          double x = v[(b * steps + t) * width + j];
          out[t] += x * x;
        }
      }
    }
    return out;
  }

  private static void compareGradients(GoldenCase c, ModelConfig config, Params grad,
      InputGradients inputGrads, CaseReport report, int batch, int steps) {
    for (Map.Entry<String, Tensor> e : c.tensors("gradients").entrySet()) {
      String key = e.getKey();
      double[] ref = e.getValue().values();
      String name = engineName(config, key);
      double[] ours = switch (key) {
        case "x" -> Layouts.toBatchFirst(inputGrads.dx, batch, steps, config.inputSize());
        case "h0" -> Layouts.stack(inputGrads.dInit.h);
        case "c0" -> Layouts.stack(inputGrads.dInit.c);
        case "y0" -> inputGrads.dInit.y;
        default -> {
          // every parameter of the file is the model's (paramsOf checked), so a gradient of
          // another name is a broken case, not a value to skip
          if (!grad.layout().has(name)) {
            throw new IllegalArgumentException(c.name() + ": a gradient for '" + key
                + "', which is not a parameter of the model");
          }
          yield grad.get(name);
        }
      };
      report.compare("grad." + key, ours, ref);
    }
  }
}
