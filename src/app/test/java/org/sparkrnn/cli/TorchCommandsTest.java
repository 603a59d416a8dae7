package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkrnn.cli.TrainedRuns.MASTER;
import static org.sparkrnn.cli.TrainedRuns.oneLineError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.io.Safetensors;
import org.sparkrnn.io.Safetensors.Tensor;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.train.GradientCheck;

/**
 * export, import and train --init-from through the command line, on models trained by
 * {@code spark-rnn train} (real local[2] Spark); every refusal is one line and leaves nothing.
 */
class TorchCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  private static double evaluateLoss(Path model) throws Exception {
    CliRun r = ok("evaluate", "--master", MASTER, "--model", model.toString(), "--data",
        TrainedRuns.corpus().toString(), "--json");
    JsonNode j = JSON.readTree(r.out());
    return j.get("loss").asDouble();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The CSV lines {@code predict} writes for {@code model} on {@code data}, sorted. */
  private List<String> predictions(Path model, Path data) throws Exception {
    Path out = Files.createTempDirectory(tmp, "predict");
    Files.delete(out);
    ok("predict", "--master", MASTER, "--model", model.toString(), "--data", data.toString(),
        "--output", out.toString());
    try (Stream<Path> files = Files.walk(out)) {
      List<String> lines = new java.util.ArrayList<>();
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
      assertTrue(lines.size() > TrainedRuns.SEQUENCES, lines::toString);
      return lines.stream().sorted().toList();
    }
  }

  @Test
  void exportImportKeepsTheModelAndItsVocabulary() throws Exception {
    Path run = TrainedRuns.charRun();
    Path file = tmp.resolve("lm.safetensors");
    CliRun e = ok("export", "--model", run.toString(), "--format", "pytorch", "--output",
        file.toString());
    assertTrue(e.out().contains("exported 1-layer elman"), e::toString);
    Safetensors.Contents c = Safetensors.read(file);
    assertEquals(List.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
        "rnn.bias_hh_l0", "linear.weight", "linear.bias"), List.copyOf(c.tensors().keySet()));
    assertEquals("RNN", c.metadata().get("torch.module"));
    assertEquals("tanh", c.metadata().get("torch.nonlinearity"));
    ModelBundle trained = ModelFiles.load(run.resolve("model"));
    int vocab = trained.model().vocabSize();
    assertEquals(Integer.toString(vocab), c.metadata().get("torch.one_hot"));
    assertTrue(c.metadata().containsKey("data.vocab.chars"), c.metadata()::toString);
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(file), s.toList()); // no temporary file left behind
    }

    Path imported = tmp.resolve("imported");
    CliRun i = ok("import", "--input", file.toString(), "--output", imported.toString());
    assertTrue(i.out().contains("imported 1-layer elman (vocabulary " + vocab), i::toString);
    ModelBundle back = ModelFiles.load(imported);
    assertEquals(trained.model(), back.model());
    assertArrayEquals(trained.params().data(), back.params().data());
    assertEquals(evaluateLoss(run), evaluateLoss(imported), 1e-12);
    String[] generate = {"generate", "--length", "40", "--seed", "5", "--prime", "the "};
    CliRun a = ok(concat(generate, "--model", run.toString()));
    CliRun b = ok(concat(generate, "--model", imported.toString()));
    assertEquals(a.out(), b.out());
    assertTrue(a.out().length() > 40, a::toString);

    // a bare state dict of a token model: the vocabulary from the trained run
    Path bare = tmp.resolve("bare-lm.safetensors");
    Files.write(bare, Safetensors.toBytes(List.copyOf(c.tensors().values()), Map.of()));
    Path bareModel = tmp.resolve("bare-lm");
    CliRun v = oneLineError(2, "import", "--input", bare.toString(), "--output",
        bareModel.toString(), "--set", "model.vocab=" + vocab);
    assertTrue(v.err().contains("needs its vocabulary"), v::toString);
    ok("import", "--input", bare.toString(), "--output", bareModel.toString(),
        "--set", "model.vocab=" + vocab, "--vocab-from", run.toString());
    assertEquals(trained.model(), ModelFiles.load(bareModel).model());
    assertEquals(trained.provenance().get("data.vocab.chars"),
        ModelFiles.load(bareModel).provenance().get("data.vocab.chars"));

    Path f32 = tmp.resolve("lm32.safetensors");
    ok("export", "--model", run.toString(), "--output", f32.toString(), "--dtype", "f32");
    assertEquals(Safetensors.DType.F32,
        Safetensors.read(f32).tensors().get("linear.weight").dtype());
    oneLineError(2, "export", "--model", run.toString(), "--output", f32.toString());
    ok("export", "--model", run.toString(), "--output", f32.toString(), "--overwrite");
  }

  @Test
  void importedModelFineTunesWithInitFrom() throws Exception {
    Path run = TrainedRuns.charRun();
    Path file = tmp.resolve("lm.safetensors");
    ok("export", "--model", run.toString(), "--output", file.toString());
    Path imported = tmp.resolve("imported");
    ok("import", "--input", file.toString(), "--output", imported.toString());

    // plain SGD at a tiny rate for one step: the result is the imported model, moved a hair
    Path tuned = tmp.resolve("tuned");
    CliRun t = ok("train", "--master", MASTER, "--quiet", "--output", tuned.toString(),
        "--init-from", imported.toString(), "--set", "data.path=" + TrainedRuns.corpus(),
        "--set", "data.window=16", "--set", "train.optimizer=sgd", "--set", "train.lr=1e-9",
        "--set", "train.steps=1", "--set", "train.epochs=0", "--set", "train.batch=8");
    ModelBundle start = ModelFiles.load(imported);
    ModelBundle end = ModelFiles.load(tuned.resolve("model"));
    assertEquals(start.model(), end.model());
    assertEquals(imported.toString(), end.provenance().get("init_from"), t::toString);
    double moved = GradientCheck.relativeError(end.params().data(), start.params().data());
    assertTrue(moved > 0 && moved < 1e-6, "moved " + moved);

    CliRun conflict = oneLineError(2, "train", "--master", MASTER, "--quiet", "--output",
        tmp.resolve("conflict").toString(), "--init-from", imported.toString(), "--set",
        "data.path=" + TrainedRuns.corpus(), "--set", "model.hidden=16");
    assertTrue(conflict.err().contains("model.hidden"), conflict::toString);
    assertFalse(Files.exists(tmp.resolve("conflict")));
  }

  @Test
  void denseClassifierImportsWithItsClasses() throws Exception {
    Path run = TrainedRuns.classifierRun();
    Path file = tmp.resolve("cls.safetensors");
    ok("export", "--model", run.toString(), "--output", file.toString());
    Path imported = tmp.resolve("cls");
    ok("import", "--input", file.toString(), "--output", imported.toString());
    ModelBundle trained = ModelFiles.load(run.resolve("model"));
    ModelBundle back = ModelFiles.load(imported);
    assertEquals(trained.model(), back.model());
    assertEquals(trained.provenance().get("data.classes"), back.provenance().get("data.classes"));
    Path data = run.getParent().resolve("classes.csv");
    assertEquals(predictions(run, data), predictions(imported, data));

    // a bare state dict (no metadata): sizes from the tensors, the rest from --set
    Safetensors.Contents c = Safetensors.read(file);
    Path bare = tmp.resolve("bare.safetensors");
    Files.write(bare, Safetensors.toBytes(List.copyOf(c.tensors().values()), Map.of()));
    Path bareModel = tmp.resolve("bare");
    CliRun r = oneLineError(1, "import", "--input", bare.toString(), "--output",
        bareModel.toString(), "--data-from", run.toString());
    assertTrue(r.err().contains("many-to-one, the model is many-to-many (model.mode)"), r::toString);
    assertFalse(Files.exists(bareModel)); // a state dict does not say many-to-one: the default is
    ok("import", "--input", bare.toString(), "--output", bareModel.toString(),
        "--set", "model.mode=many-to-one", "--data-from", run.toString());
    assertArrayEquals(trained.params().data(), ModelFiles.load(bareModel).params().data());
    assertEquals(trained.model(), ModelFiles.load(bareModel).model());
    Path defaults = tmp.resolve("defaults");
    ok("import", "--input", bare.toString(), "--output", defaults.toString(),
        "--set", "model.mode=many-to-one");
    assertEquals("[\"0\",\"1\",\"2\"]", ModelFiles.load(defaults).provenance().get("data.classes"));
  }

  @Test
  void refusalsAreOneLineAndLeaveNothing() throws Exception {
    ModelConfig jordan = ModelConfig.builder().cell(CellType.JORDAN).inputSize(2).hiddenSize(3)
        .outputSize(2).build();
    Path jordanDir = tmp.resolve("jordan");
    ModelFiles.save(ModelBundle.of(jordan, Initializer.initialize(jordan, InitConfig.defaults(), 1)),
        jordanDir);
    Path out = tmp.resolve("j.safetensors");
    CliRun r = oneLineError(1, "export", "--model", jordanDir.toString(), "--output", out.toString());
    assertTrue(r.err().contains("cannot export to PyTorch: a Jordan net"), r::toString);
    assertFalse(Files.exists(out));
    oneLineError(2, "export", "--model", jordanDir.toString(), "--format", "onnx", "--output",
        out.toString());

    ModelConfig lstm = ModelConfig.builder().cell(CellType.LSTM).inputSize(2).hiddenSize(3)
        .outputSize(2).build();
    ModelBundle good = ModelBundle.of(lstm, Initializer.initialize(lstm, InitConfig.defaults(), 1));
    List<Tensor> tensors = List.copyOf(Safetensors.read(
        org.sparkrnn.io.TorchExport.toBytes(good, Safetensors.DType.F64), "x").tensors().values());
    double[] bad = tensors.get(1).doubles().clone();
    bad[4] = Double.POSITIVE_INFINITY;
    List<Tensor> broken = new java.util.ArrayList<>(tensors);
    broken.set(1, Tensor.f64(tensors.get(1).name(), tensors.get(1).shape(), bad));
    Path file = tmp.resolve("broken.safetensors");
    Files.write(file, Safetensors.toBytes(broken, Map.of()));
    Path dir = tmp.resolve("never");
    r = oneLineError(1, "import", "--input", file.toString(), "--output", dir.toString());
    assertTrue(r.err().contains("tensor 'rnn.weight_hh_l0' holds a non-finite value (Infinity) at "
        + "index 4"), r::toString);
    assertFalse(Files.exists(dir));
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".never")));
    }

    Path truncated = tmp.resolve("truncated.safetensors");
    byte[] whole = Safetensors.toBytes(tensors, Map.of());
    Files.write(truncated, Arrays.copyOf(whole, whole.length - 3));
    r = oneLineError(1, "import", "--input", truncated.toString(), "--output", dir.toString());
    assertTrue(r.err().contains("'linear.bias'"), r::toString);
    oneLineError(2, "import", "--input", tmp.resolve("absent.safetensors").toString(),
        "--output", dir.toString());
    r = oneLineError(2, "import", "--input", file.toString(), "--output", dir.toString(),
        "--set", "train.lr=0.1");
    assertTrue(r.err().contains("import takes model.* and data.* settings"), r::toString);

    Path tokens = tmp.resolve("tokens.safetensors");
    Files.write(tokens, Safetensors.toBytes(tensors, Map.of()));
    r = oneLineError(2, "import", "--input", tokens.toString(), "--output", dir.toString(),
        "--set", "model.vocab=2");
    assertTrue(r.err().contains("needs its vocabulary"), r::toString);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("keep.txt"), "mine");
    Path fine = tmp.resolve("fine.safetensors");
    Files.write(fine, Safetensors.toBytes(tensors, Map.of()));
    oneLineError(2, "import", "--input", fine.toString(), "--output", dir.toString());
    assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    assertFalse(Files.exists(dir.resolve("model.json")));
  }
}
