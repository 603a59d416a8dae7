package org.sparkrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Normalization;
import org.sparkrnn.train.TrainConfig;

/** The remedies in model.json: saved and read back, and old files without them still load. */
class RemediesModelFilesTest {
  @TempDir Path tmp;

  @Test
  void remediesAndRunningStatisticsRoundTrip() throws Exception {
    ModelConfig model = ModelConfig.builder().cell(CellType.GRU).layers(2).inputSize(3)
        .hiddenSize(4).outputSize(2).residual(true).norm(Normalization.BATCH).dropout(0.25)
        .normEps(1e-4).batchNormMomentum(0.05).batchNormMaxSteps(7).build();
    ModelBundle saved = ModelFilesTest.checkpoint(model, TrainConfig.builder().build());
    ModelFiles.save(saved, tmp.resolve("m"));
    ModelBundle back = ModelFiles.load(tmp.resolve("m"));
    ModelFilesTest.assertSameBundle(saved, back);
    assertEquals(model, back.model());
    assertTrue(back.params().layout().isBuffer("rnn.bn_running_var_l1"));
    assertTrue(back.params().layout().has("res.weight_l0"));
  }

  @Test
  void aModelJsonWithoutTheRemedyKeysLoadsWithThemOff() throws Exception {
    ModelConfig model = ModelConfig.builder().cell(CellType.LSTM).inputSize(3).hiddenSize(4)
        .outputSize(2).build();
    Path dir = tmp.resolve("old");
    ModelFiles.save(ModelFilesTest.checkpoint(model, TrainConfig.builder().build()), dir);
    ObjectMapper om = new ObjectMapper();
    Path json = dir.resolve(ModelFiles.JSON_FILE);
    ObjectNode root = (ObjectNode) om.readTree(json.toFile());
    ObjectNode settings = (ObjectNode) root.get("settings");
    for (String k : Arrays.asList("model.residual", "model.norm", "model.norm.eps",
        "model.batchnorm.momentum", "model.batchnorm.max_steps", "model.dropout")) {
      assertTrue(settings.has(k), k + " is written");
      settings.remove(k);
    }
    java.nio.file.Files.write(json, om.writeValueAsBytes(root));
    ModelConfig back = ModelFiles.load(dir).model();
    assertEquals(model, back);
    assertFalse(back.hasRemedies());
  }
}
