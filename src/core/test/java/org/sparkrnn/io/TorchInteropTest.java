package org.sparkrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.io.Safetensors.DType;
import org.sparkrnn.io.Safetensors.Tensor;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.model.Slot;
import org.sparkrnn.model.StepResult;
import org.sparkrnn.train.GradientCheck;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.TrainConfig;

/**
 * Both directions against real PyTorch (src/core/test/python/torch_roundtrip.py, float64):
 * models trained here, exported and loaded by the README's Python code give our outputs; modules
 * initialised by torch, imported here, give torch's loss and gradients.
 */
class TorchInteropTest {
  static final double TOLERANCE = 1e-9;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  // ---------------------------------------------------------------- export: ours → torch

  record ExportCase(String name, ModelConfig model, SequenceBatch batch) {}

  @Test
  void exportedModelsGiveTheSameOutputsInTorch() throws Exception {
    List<ExportCase> cases = new ArrayList<>();
    List<Map<String, String>> files = new ArrayList<>();
    int seed = 0;
    for (String cell : List.of("elman-tanh", "elman-relu", "lstm", "gru")) {
      for (int layers = 1; layers <= 2; layers++) {
        for (boolean tokens : new boolean[] {false, true}) {
          String name = cell + "-" + layers + "-" + (tokens ? "tokens" : "dense");
          cases.add(trainedCase(name, cell, layers, tokens, 0, false, ++seed));
        }
      }
    }
    cases.add(trainedCase("lstm-1-embedding", "lstm", 1, true, 4, false, ++seed));
    cases.add(trainedCase("gru-2-embedding", "gru", 2, true, 3, false, ++seed));
    cases.add(trainedCase("elman-relu-2-tied", "elman-relu", 2, true, 5, true, ++seed));
    cases.add(trainedCase("lstm-2-tied", "lstm", 2, true, 5, true, ++seed));
    for (String cell : List.of("elman-tanh", "lstm", "gru")) {
      cases.add(trainedCase(cell + "-2-bidirectional", cell, 2, false, 0, false, true, ++seed));
    }
    cases.add(trainedCase("gru-1-tokens-bidirectional", "gru", 1, true, 0, false, true, ++seed));
    for (ExportCase c : cases) {
      String name = c.name;
      Params params = trained.get(name);
      Path model = tmp.resolve(name + ".safetensors");
      Files.write(model, TorchExport.toBytes(ModelBundle.of(c.model, params), DType.F64));
      Path input = tmp.resolve(name + ".input.safetensors");
      SequenceBatch b = c.batch;
      Tensor in = b.tokens != null
          ? Tensor.i64("tokens", new long[] {b.steps, b.batch}, toLongs(b.tokens))
          : Tensor.f64("x", new long[] {b.steps, b.batch, c.model.inputSize()}, b.x);
      Files.write(input, Safetensors.toBytes(List.of(in), Map.of()));
      files.add(Map.of("model", model.toString(), "input", input.toString(),
          "output", tmp.resolve(name + ".torch.safetensors").toString()));
    }
    Path json = tmp.resolve("forward.json");
    JSON.writeValue(json.toFile(), files);
    TorchPython.roundtrip("forward", json);

    double worst = 0;
    for (ExportCase c : cases) {
      Network net = Network.create(c.model);
      net.forward(c.batch, trained.get(c.name), null);
      Map<String, Tensor> torch = Safetensors.read(tmp.resolve(c.name + ".torch.safetensors"))
          .tensors();
      int o = c.model.outputSize();
      int h = c.model.layerOutput();
      double[] logits = torch.get("logits").doubles();
      assertArrayEquals(new long[] {c.batch.steps, c.batch.batch, o}, torch.get("logits").shape());
      if (c.model.mode() == OutputMode.MANY_TO_ONE) { // ours: what the README's Net.last reads
        logits = torch.get("last").doubles();
      }
      double eLogits = GradientCheck.relativeError(net.logits(), logits);
      double eHidden = GradientCheck.relativeError(net.hiddenStates(c.model.layers() - 1),
          torch.get("hidden").doubles());
      assertEquals(c.batch.steps * c.batch.batch * h, torch.get("hidden").numel());
      assertTrue(eLogits <= TOLERANCE, c.name + ": logits differ from torch by " + eLogits);
      assertTrue(eHidden <= TOLERANCE, c.name + ": hidden states differ from torch by " + eHidden);
      worst = Math.max(worst, Math.max(eLogits, eHidden));
    }
    System.out.printf("torch export round trip: %d models, max relative error %.3g%n",
        cases.size(), worst);
  }

  private final Map<String, Params> trained = new LinkedHashMap<>();

  /** A small model trained a few Adam steps here (so the weights are no longer the init). */
  private ExportCase trainedCase(String name, String cell, int layers, boolean tokens,
      int embedding, boolean tied, long seed) {
    return trainedCase(name, cell, layers, tokens, embedding, tied, false, seed);
  }

  private ExportCase trainedCase(String name, String cell, int layers, boolean tokens,
      int embedding, boolean tied, boolean bidirectional, long seed) {
    int vocab = 7;
    int features = 3;
    ModelConfig.Builder b = ModelConfig.builder()
        .cell(CellType.parse(cell.replaceAll("-.*", "")))
        .activation(cell.endsWith("relu") ? Activation.RELU : Activation.TANH)
        .layers(layers).hiddenSize(5).bidirectional(bidirectional);
    if (tokens) {
      b.vocabSize(vocab).outputSize(vocab).embedding(embedding).tieWeights(tied); // a language
      // model, loss at every step
    } else {
      b.inputSize(features).outputSize(3).mode(OutputMode.MANY_TO_ONE);
    }
    ModelConfig model = b.build();
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> data = new ArrayList<>();
    int steps = 6;
    for (int id = 0; id < 8; id++) {
      if (tokens) {
        int[] t = new int[steps];
        int[] next = new int[steps];
        for (int i = 0; i < steps; i++) {
          t[i] = r.nextInt(vocab);
          next[i] = (t[i] + 1) % vocab;
        }
        data.add(Example.ofTokens(id, t, next));
      } else {
        double[] x = gaussian(r, steps * features);
        data.add(Example.ofFeatures(id, steps, x, new int[] {x[0] > 0 ? 1 : 0}, null));
      }
    }
    Params params = Initializer.initialize(model, InitConfig.defaults(), seed);
    double[] before = params.data().clone();
    TrainConfig train = TrainConfig.builder().optimizer("adam").learningRate(0.02).batchSize(4)
        .epochs(2).seed(seed).build();
    int stepsTaken = new LocalTrainer(model, train).train(data, params, null).size();
    assertEquals(4, stepsTaken);
    assertFalse(Arrays.equals(before, params.data()), name + ": training changed nothing");
    trained.put(name, params);

    int t = 5;
    int batch = 3;
    SequenceBatch input = tokens
        ? SequenceBatch.tokens(batch, t, randomTokens(r, t * batch, vocab), null, null, true, null)
        : SequenceBatch.dense(batch, t, gaussian(r, t * batch * features), null, null, false, null);
    return new ExportCase(name, model, input);
  }

  // ---------------------------------------------------------------- import: torch → ours

  /** {@code oneHot} is the vocabulary of a token model, one-hot or (embedding > 0) embedded. */
  record ImportCase(String name, String module, String nonlinearity, int input, int oneHot,
      int hidden, int layers, int output, String loss, String mode, String dtype,
      boolean metadata, Map<String, String> settings, int embedding, boolean tied,
      boolean bidirectional) {
    ImportCase(String name, String module, String nonlinearity, int input, int oneHot, int hidden,
        int layers, int output, String loss, String mode, String dtype, boolean metadata,
        Map<String, String> settings) {
      this(name, module, nonlinearity, input, oneHot, hidden, layers, output, loss, mode, dtype,
          metadata, settings, 0, false, false);
    }

    ImportCase(String name, String module, String nonlinearity, int input, int oneHot, int hidden,
        int layers, int output, String loss, String mode, String dtype, boolean metadata,
        Map<String, String> settings, int embedding, boolean tied) {
      this(name, module, nonlinearity, input, oneHot, hidden, layers, output, loss, mode, dtype,
          metadata, settings, embedding, tied, false);
    }
  }

  static List<ImportCase> importCases() {
    return List.of(
        new ImportCase("rnn-tanh-ce", "RNN", "tanh", 3, 0, 5, 1, 4, "cross_entropy",
            "many-to-many", "F64", true, Map.of()),
        new ImportCase("rnn-relu-2-mse-last", "RNN", "relu", 4, 0, 6, 2, 2, "mse",
            "many-to-one", "F64", true, Map.of()),
        new ImportCase("lstm-tokens-ce", "LSTM", null, 0, 6, 5, 1, 6, "cross_entropy",
            "many-to-many", "F64", true, Map.of()),
        new ImportCase("lstm-2-bce-f32", "LSTM", null, 3, 0, 4, 2, 3, "bce",
            "many-to-many", "F32", true, Map.of()),
        new ImportCase("gru-ce-last-no-metadata", "GRU", null, 3, 0, 5, 1, 4, "cross_entropy",
            "many-to-one", "F64", false, Map.of("model.mode", "many-to-one")),
        new ImportCase("gru-2-tokens-ce", "GRU", null, 0, 7, 4, 2, 7, "cross_entropy",
            "many-to-many", "F64", true, Map.of()),
        new ImportCase("rnn-2-tokens-no-metadata", "RNN", "tanh", 0, 5, 4, 2, 5, "cross_entropy",
            "many-to-many", "F64", false, Map.of("model.vocab", "5")),
        new ImportCase("lstm-2-mse-no-metadata", "LSTM", null, 2, 0, 3, 2, 2, "mse",
            "many-to-many", "F64", false,
            Map.of("model.output_function", "identity", "model.loss", "mse")),
        new ImportCase("rnn-relu-no-metadata", "RNN", "relu", 3, 0, 4, 1, 3, "cross_entropy",
            "many-to-many", "F64", false, Map.of("model.activation", "relu")),
        new ImportCase("lstm-embedding-ce", "LSTM", null, 0, 7, 5, 1, 7, "cross_entropy",
            "many-to-many", "F64", true, Map.of(), 3, false),
        new ImportCase("gru-2-embedding-tied-f32", "GRU", null, 0, 6, 4, 2, 6, "cross_entropy",
            "many-to-many", "F32", true, Map.of(), 4, true),
        new ImportCase("lstm-2-tied-no-metadata", "LSTM", null, 0, 8, 5, 2, 8, "cross_entropy",
            "many-to-many", "F64", false, Map.of(), 5, true),
        new ImportCase("rnn-embedding-last-no-metadata", "RNN", "tanh", 0, 6, 4, 1, 3,
            "cross_entropy", "many-to-one", "F64", false, Map.of("model.mode", "many-to-one"), 4,
            false),
        new ImportCase("lstm-2-bidirectional-ce-last", "LSTM", null, 3, 0, 4, 2, 3,
            "cross_entropy", "many-to-one", "F64", true, Map.of(), 0, false, true),
        new ImportCase("gru-bidirectional-mse-no-metadata", "GRU", null, 2, 0, 3, 1, 2, "mse",
            "many-to-many", "F32", false,
            Map.of("model.output_function", "identity", "model.loss", "mse"), 0, false, true),
        new ImportCase("rnn-relu-2-bidirectional-tokens-last", "RNN", "relu", 0, 5, 4, 2, 3,
            "cross_entropy", "many-to-one", "F64", true, Map.of(), 0, false, true));
  }

  @Test
  void torchInitialisedModelsGiveTorchsLossAndGradients() throws Exception {
    List<ImportCase> cases = importCases();
    List<Map<String, Object>> specs = new ArrayList<>();
    int seed = 100;
    for (ImportCase c : cases) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name);
      m.put("module", c.module);
      m.put("nonlinearity", c.nonlinearity);
      m.put("input", c.input);
      m.put("one_hot", c.oneHot);
      m.put("embedding", c.embedding);
      m.put("tied", c.tied);
      m.put("bidirectional", c.bidirectional);
      m.put("hidden", c.hidden);
      m.put("layers", c.layers);
      m.put("output", c.output);
      m.put("loss", c.loss);
      m.put("mode", c.mode);
      m.put("dtype", c.dtype);
      m.put("metadata", c.metadata);
      m.put("seed", seed++);
      m.put("steps", 5);
      m.put("batch", 3);
      m.put("model_out", tmp.resolve(c.name + ".model.safetensors").toString());
      m.put("batch_out", tmp.resolve(c.name + ".batch.safetensors").toString());
      m.put("result_out", tmp.resolve(c.name + ".result.safetensors").toString());
      specs.add(m);
    }
    Path json = tmp.resolve("init.json");
    JSON.writeValue(json.toFile(), specs);
    TorchPython.roundtrip("init", json);

    double worst = 0;
    for (ImportCase c : cases) {
      Path file = tmp.resolve(c.name + ".model.safetensors");
      TorchImport.Imported imported = TorchImport.read(Files.readAllBytes(file), file.toString(),
          c.settings);
      ModelConfig model = imported.model();
      assertEquals(TorchLayout.cellOf(c.module), model.cell(), c.name);
      assertEquals(c.layers, model.layers(), c.name);
      assertEquals(c.hidden, model.hiddenSize(), c.name);
      assertEquals(c.oneHot, model.vocabSize(), c.name);
      assertEquals(c.embedding, model.embedding(), c.name);
      assertEquals(c.tied, model.tieWeights(), c.name);
      assertEquals(c.bidirectional, model.bidirectional(), c.name);
      assertEquals(c.mode, model.mode().key(), c.name);
      assertEquals(c.loss, model.loss().loss, c.name);
      if (c.nonlinearity != null) {
        assertEquals(c.nonlinearity, model.activation().key(), c.name);
      }
      Map<String, Tensor> batchFile = Safetensors.read(tmp.resolve(c.name + ".batch.safetensors"))
          .tensors();
      SequenceBatch batch = batch(batchFile, model, 5, 3);
      Network net = Network.create(model);
      Params grad = imported.params().zerosLike();
      StepResult step = net.forwardBackward(batch, imported.params(), grad, null, null);

      Map<String, Tensor> torch = Safetensors.read(tmp.resolve(c.name + ".result.safetensors"))
          .tensors();
      List<String> report = new ArrayList<>();
      double eLoss = GradientCheck.relativeError(new double[] {step.lossSum()},
          torch.get("loss").doubles());
      report.add("loss " + eLoss);
      double caseWorst = eLoss;
      double[] logits = torch.get("logits").doubles(); // many-to-one: Net.last's
      double eLogits = GradientCheck.relativeError(net.logits(), logits);
      caseWorst = Math.max(caseWorst, eLogits);
      int compared = 0;
      for (Slot s : grad.layout().slots()) {
        Tensor g = torch.get("grad." + s.name());
        assertTrue(g != null, c.name + ": torch gave no gradient for " + s.name());
        double e = GradientCheck.relativeError(grad.get(s.name()), g.doubles());
        report.add(s.name() + " " + e);
        caseWorst = Math.max(caseWorst, e);
        compared++;
      }
      assertEquals(4 * c.layers * model.directions() + 2 + (c.embedding > 0 ? 1 : 0)
          - (c.tied ? 1 : 0), compared);
      assertTrue(caseWorst <= TOLERANCE, c.name + ": differs from torch: " + report);
      worst = Math.max(worst, caseWorst);
    }
    System.out.printf("torch import round trip: %d models, loss and every gradient, "
        + "max relative error %.3g%n", cases.size(), worst);
  }

  /** The batch torch used, as ours: time-major rows, targets per step or per sequence. */
  static SequenceBatch batch(Map<String, Tensor> file, ModelConfig model, int steps, int batch) {
    Tensor y = file.get("targets");
    boolean perStep = model.mode() == OutputMode.MANY_TO_MANY;
    int[] classes = null;
    double[] real = null;
    if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      classes = toInts(y.longs());
    } else {
      real = y.doubles();
    }
    Tensor tokens = file.get("tokens");
    return tokens != null
        ? SequenceBatch.tokens(batch, steps, toInts(tokens.longs()), classes, real, perStep, null)
        : SequenceBatch.dense(batch, steps, file.get("x").doubles(), classes, real, perStep, null);
  }

  // ---------------------------------------------------------------- helpers

  static double[] gaussian(SplittableRandom r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double u = 1 - r.nextDouble();
      x[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
    return x;
  }

  static int[] randomTokens(SplittableRandom r, int n, int vocab) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = r.nextInt(vocab);
    }
    return t;
  }

  static long[] toLongs(int[] v) {
    long[] l = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = v[i];
    }
    return l;
  }

  static int[] toInts(long[] v) {
    int[] l = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = Math.toIntExact(v[i]);
    }
    return l;
  }
}
