package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

  private static final String CONF = """
      experiment.about = a tiny end-to-end run
      experiment.lengths = 6
      experiment.train_size = 48
      experiment.validation_size = 16
      model.hidden = 4
      train.batch = 16
      train.epochs = 0
      train.steps = 3
      train.diagnostics.every = 2
      spark.partitions = 2
      output.validate_every = 2
      output.checkpoint_every = 0
      variant.elman.about = tanh Elman
      variant.elman.model.cell = elman
      variant.gru.about = GRU
      variant.gru.model.cell = gru
      """;

  @Test
  void aTinyExperimentWritesItsTableReportsAndIndex(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("tiny.conf");
    Files.writeString(conf, CONF);
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("experiment", "vanishing", "--conf", conf.toString(), "--output",
        out.toString(), "--master", "local[2]");
    assertEquals(0, r.code(), r::toString);
    String md = Files.readString(out.resolve("results.md"));
    List<String> rows = md.lines().filter(l -> l.startsWith("| elman |") || l.startsWith("| gru |"))
        .toList();
    assertEquals(2, rows.size(), md);
    for (String row : rows) {
      String[] cells = row.split("\\|");
      // variant, T, steps, final train, final val, best val (step), ratio at start, at end, wall, status
      assertEquals("6", cells[2].strip(), row);
      assertEquals("3", cells[3].strip(), row);
      for (int c : new int[] {4, 5, 7, 8}) {
        assertTrue(Double.isFinite(Double.parseDouble(cells[c].strip())), row);
      }
      assertEquals("ok", cells[10].strip(), row);
    }
    assertTrue(md.contains("Gradient-flow profile"), md);
    for (String run : new String[] {"elman-T6", "gru-T6"}) {
      assertTrue(Files.isRegularFile(out.resolve("runs").resolve(run).resolve("model/model.json")));
      assertTrue(Files.isRegularFile(out.resolve("runs").resolve(run).resolve("report/index.html")));
      assertTrue(Files.isRegularFile(out.resolve("confs").resolve(run + ".conf")));
    }
    assertTrue(Files.readString(out.resolve("index.html")).contains("runs/gru-T6/report/index.html"));
    assertTrue(Files.isRegularFile(out.resolve("data/T6/train.csv")));

    // an earlier experiment's results are not overwritten silently
    CliRun again = TrainedRuns.oneLineError(2, "experiment", "vanishing", "--conf", conf.toString(),
        "--output", out.toString());
    assertTrue(again.err().contains("--overwrite"), again::toString);
  }

  @Test
  void aBadNameOrConfIsOneLineAndWritesNothing(@TempDir Path dir) throws Exception {
    CliRun unknown = TrainedRuns.oneLineError(2, "experiment", "adding2");
    assertTrue(unknown.err().contains("unknown experiment 'adding2'")
        && unknown.err().contains("adding, exploding, vanishing, architectures, regularization"),
        unknown::toString);
    TrainedRuns.oneLineError(2, "experiment");
    TrainedRuns.oneLineError(2, "experiment", "--full");

    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "experiment.lengths = 6\nvariant.a.model.cel = gru\n");
    Path out = dir.resolve("out");
    CliRun bad = TrainedRuns.oneLineError(2, "experiment", "adding", "--conf", conf.toString(),
        "--output", out.toString());
    assertTrue(bad.err().contains("bad.conf line 2") && bad.err().contains("model.cel"), bad::toString);
    assertFalse(Files.exists(out), "nothing written for a bad conf");

    CliRun badSet = TrainedRuns.oneLineError(2, "experiment", "adding", "--set",
        "experiment.lengths=1", "--output", out.toString());
    assertTrue(badSet.err().contains("experiment.lengths"), badSet::toString);
    CliRun missing = TrainedRuns.oneLineError(2, "experiment", "adding", "--conf",
        dir.resolve("none.conf").toString());
    assertTrue(missing.err().contains("none.conf"), missing::toString);
    assertFalse(Files.exists(out));
  }

  @Test
  void listNamesEveryExperimentAndItsConf() {
    CliRun r = CliRun.of("experiment", "list");
    assertEquals(0, r.code(), r::toString);
    for (String n : new String[] {"adding", "exploding", "vanishing", "architectures", "regularization"}) {
      assertTrue(r.out().contains("conf/experiments/" + n + ".conf"), r::toString);
    }
    assertTrue(CliRun.of("experiment", "--help").out().contains("--full"));
  }
}
