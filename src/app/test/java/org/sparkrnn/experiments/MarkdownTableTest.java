package org.sparkrnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkrnn.config.Settings;

class MarkdownTableTest {

  @Test
  void writesHeaderAlignmentAndEscapedRows() {
    MarkdownTable t = new MarkdownTable(List.of("name", "value"), new boolean[] {false, true});
    t.row(List.of("a|b", "1.5")).row(List.of("two\nlines", ""));
    assertEquals("| name | value |\n| --- | ---: |\n| a\\|b | 1.5 |\n| two lines |  |\n", t.toString());
    assertTrue(t.toHtml().contains("<td>a|b</td><td class=\"n\">1.5</td>"), t.toHtml());
    assertThrows(IllegalArgumentException.class, () -> t.row(List.of("one")));
  }

  @Test
  void numbersHaveFourSignificantDigitsAndNamesForTheNonFinite() {
    assertEquals("0.1667", MarkdownTable.num(1.0 / 6));
    assertEquals("12.35", MarkdownTable.num(12.3456));
    assertEquals("4.20e-04", MarkdownTable.num(4.2e-4));
    assertEquals("1.33e+09", MarkdownTable.num(1.328e9));
    assertEquals("0", MarkdownTable.num(0));
    assertEquals("2", MarkdownTable.num(2.0));
    assertEquals("NaN", MarkdownTable.num(Double.NaN));
    assertEquals("inf", MarkdownTable.num(Double.POSITIVE_INFINITY));
    assertEquals("—", MarkdownTable.numOrDash(Double.NaN));
    assertEquals("12,345", MarkdownTable.count(12345));
  }

  @Test
  void eachExperimentsTableHasTheCommonAndItsOwnColumns() {
    MetricsSummary m = new MetricsSummary(100, 0.005, 10, 0.9, 0.004, 0.003, 89, 41, 5, 40, 1e9,
        3e11, 0.25, 12000, 20, 15, 0, new double[] {0.01, 0.1, 1}, 99, new double[] {0.5, 0.7, 1},
        List.of(new double[] {0, 0.01, 0.9}, new double[] {99, 0.5, Double.NaN}));
    Settings s = Settings.empty().with("train.l2", "0.01").with("data.label_columns", "labels");
    RunResult r = new RunResult("lstm", "an LSTM", 50, s, 0, null, 61.23, m,
        new WeightNorms(3.5, 100, 0.9, 0.125, 800), Path.of("out/runs/lstm-T50"), null);
    RunResult failed = new RunResult("tanh", "", 50, s, 1, "training diverged", 5, null, null,
        Path.of("out/runs/tanh-T50"), null);
    String adding = ExperimentKind.ADDING.table(List.of(r, failed)).toString();
    assertTrue(adding.contains("| lstm | 50 | 100 | 0.005 | 0.004 | 0.003 (90) | yes | 61.2 | ok |"), adding);
    assertTrue(adding.contains("| tanh | 50 | 0 | — | — | — | — | 5 | exit 1: training diverged |"), adding);
    String exploding = ExperimentKind.EXPLODING.table(List.of(r)).toString();
    assertTrue(exploding.contains("| 42 | 41 | 1.00e+09 | 3.00e+11 | 25.0% |"), exploding);
    String vanishing = ExperimentKind.VANISHING.table(List.of(r)).toString();
    assertTrue(vanishing.contains("| 0.01 | 0.5 |"), vanishing);
    String arch = ExperimentKind.ARCHITECTURES.table(List.of(r)).toString();
    assertTrue(arch.contains("| every step | 12,000 | 20 | 15 |"), arch);
    String reg = ExperimentKind.REGULARIZATION.table(List.of(r)).toString();
    assertTrue(reg.contains("| 0 | 0.01 | 3.5 | 100 | 12.5% | -0.001 |"), reg);
    MarkdownTable profile = ExperimentKind.flowProfiles(List.of(r, failed), 3);
    assertEquals("| t | lstm T=50, step 1 | lstm T=50, step 100 |\n| ---: | ---: | ---: |\n"
        + "| 0 | 0.01 | 0.5 |\n| 1 | 0.1 | 0.7 |\n| 2 | 1 | 1 |\n", profile.toString());
    assertEquals("| step | lstm T=50 ratio | decay |\n| ---: | ---: | ---: |\n| 1 | 0.01 | 0.9 |\n"
        + "| 100 | 0.5 | — |\n", ExperimentKind.flowHistory(List.of(failed, r)).toString());
  }
}
