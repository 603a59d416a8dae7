package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.io.TorchPython;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.SequenceBatch;

/** The PyTorch code of docs/pytorch.md is the tested code, and its usage example gives our prediction. */
class ReadmeTorchSnippetTest {
  private static final Path README = Path.of("docs", "pytorch.md");

  @TempDir Path tmp;

  /** The first ```python block after {@code marker} in docs/pytorch.md. */
  static String pythonBlock(String marker) throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int at = readme.indexOf(marker);
    assertTrue(at >= 0, "docs/pytorch.md has no '" + marker + "'");
    int start = readme.indexOf("```python\n", at) + "```python\n".length();
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }

  @Test
  void readmeSnippetIsTheTestedModule() throws Exception {
    assertEquals(Files.readString(TorchPython.SNIPPET, StandardCharsets.UTF_8),
        pythonBlock("<!-- spark_rnn_torch.py -->"));
  }

  @Test
  void readmeUsageExamplePredictsOurNextCharacter() throws Exception {
    String python = TorchPython.require();
    Path run = TrainedRuns.charRun();
    Path file = tmp.resolve("net.safetensors");
    assertEquals(0, CliRun.of("export", "--model", run.toString(), "--output", file.toString())
        .code());
    String usage = pythonBlock("Using it on a character language model");
    Path script = tmp.resolve("usage.py");
    Files.writeString(script, "import os, sys\nsys.path.insert(0, "
        + "'" + TorchPython.SCRIPT_DIR.toAbsolutePath() + "')\nos.chdir('" + tmp + "')\n"
        + "from spark_rnn_torch import *\n" + usage + "print('NEXT=%d' % ord(next_char))\n");
    TorchPython.Result r = TorchPython.run(300, python, script.toString());
    assertEquals(0, r.code(), r.output());

    ModelBundle model = ModelFiles.load(run.resolve("model"));
    String chars = model.provenance().get("data.vocab.chars");
    String text = "the cat";
    int[] ids = text.chars().map(c -> chars.codePoints().boxed().toList().indexOf(c)).toArray();
    Network net = Network.create(model.model());
    net.forward(SequenceBatch.tokens(1, ids.length, ids, null, null, true, null), model.params(),
        null);
    double[] z = net.logits();
    int o = model.model().outputSize();
    int best = 0;
    for (int k = 1; k < o; k++) {
      if (z[(ids.length - 1) * o + k] > z[(ids.length - 1) * o + best]) {
        best = k;
      }
    }
    String expected = "NEXT=" + chars.codePointAt(chars.offsetByCodePoints(0, best));
    assertTrue(r.output().lines().anyMatch(expected::equals), "torch printed " + r.output() + ", we predict "
        + expected);
  }
}
