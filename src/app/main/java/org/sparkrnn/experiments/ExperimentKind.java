package org.sparkrnn.experiments;

import static org.sparkrnn.experiments.MarkdownTable.count;
import static org.sparkrnn.experiments.MarkdownTable.num;
import static org.sparkrnn.experiments.MarkdownTable.numOrDash;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The experiments {@code spark-rnn experiment NAME} runs: their names, what each shows, and the
 * columns of its table beyond the common ones (variant, T, steps, losses, wall time, status).
 */
public enum ExperimentKind {
  ADDING("adding", "adding problem (Le, Jaitly & Hinton 2015): tanh Elman, IRNN, LSTM, GRU as T grows"),
  EXPLODING("exploding", "exploding gradients: a ReLU Elman net with W = 1.5·I, with and without clipping"),
  VANISHING("vanishing", "vanishing gradients: gradient-flow profiles of tanh Elman and LSTM side by side"),
  ARCHITECTURES("architectures", "Elman vs Jordan (free-running, teacher-forced) vs many-to-one on one task"),
  REGULARIZATION("regularization", "L1 and L2 penalties: weight norms and validation loss");

  public final String key;
  public final String summary;

  ExperimentKind(String key, String summary) {
    this.key = key;
    this.summary = summary;
  }

  /** The kind called {@code name}, or null. */
  public static ExperimentKind of(String name) {
    for (ExperimentKind k : values()) {
      if (k.key.equals(name)) {
        return k;
      }
    }
    return null;
  }

  public static List<String> names() {
    List<String> n = new ArrayList<>();
    for (ExperimentKind k : values()) {
      n.add(k.key);
    }
    return n;
  }

  /** A table column: header, numeric (right-aligned), and the cell of one run. */
  record Column(String header, boolean numeric, Function<RunResult, String> cell) {}

  /** Every column of this experiment's table, in order. */
  List<Column> columns() {
    List<Column> c = new ArrayList<>();
    c.add(new Column("variant", false, RunResult::variant));
    c.add(new Column("T", true, r -> Integer.toString(r.length())));
    c.add(new Column("steps", true, r -> r.metrics() == null ? "0" : count(r.metrics().steps())));
    c.add(new Column("final train loss", true, r -> metric(r, m -> numOrDash(m.finalTrainLoss()))));
    c.add(new Column("final val loss", true, r -> metric(r, m -> numOrDash(m.finalValLoss()))));
    c.add(new Column("best val (step)", true, r -> metric(r, m -> Double.isNaN(m.bestValLoss()) ? "—"
        : num(m.bestValLoss()) + " (" + (m.bestValStep() + 1) + ")")));
    switch (this) {
      case ADDING -> c.add(new Column("best val < 0.01", false, r -> metric(r,
          m -> Double.isNaN(m.bestValLoss()) ? "—" : m.bestValLoss() < 0.01 ? "yes" : "no")));
      case EXPLODING -> {
        c.add(new Column("first non-finite step", true, r -> metric(r, m -> step(m.firstBadStep()))));
        c.add(new Column("loss > 1000× first", true, r -> metric(r, m -> step(m.firstBlowUpStep()))));
        c.add(new Column("max loss", true, r -> metric(r, m -> numOrDash(m.maxLoss()))));
        c.add(new Column("max grad norm", true, r -> metric(r, m -> numOrDash(m.maxGradNorm()))));
        c.add(new Column("clipped", true, r -> metric(r, m -> percent(m.clippedFraction()))));
      }
      case VANISHING -> {
        c.add(new Column("‖∂L/∂h₀‖/‖∂L/∂h_{T−1}‖ at start", true,
            r -> metric(r, m -> numOrDash(MetricsSummary.firstToLast(m.firstFlow())))));
        c.add(new Column("… at end", true,
            r -> metric(r, m -> numOrDash(MetricsSummary.firstToLast(m.lastFlow())))));
      }
      case ARCHITECTURES -> {
        c.add(new Column("loss at", false, r -> "many-to-one".equals(r.settings().get("model.mode"))
            || "label".equals(r.settings().get("data.label_columns")) ? "last step" : "every step"));
        c.add(new Column("tokens/s (median)", true,
            r -> metric(r, m -> Double.isNaN(m.medianTokensPerS()) ? "—" : count(Math.round(m.medianTokensPerS())))));
        c.add(new Column("ms/step (median)", true, r -> metric(r, m -> numOrDash(m.medianStepMs()))));
        c.add(new Column("compute ms/step (median)", true,
            r -> metric(r, m -> numOrDash(m.medianComputeMs()))));
      }
      case REGULARIZATION -> {
        c.add(new Column("l1", true, r -> r.settings().get("train.l1")));
        c.add(new Column("l2", true, r -> r.settings().get("train.l2")));
        c.add(new Column("‖w‖₂", true, r -> r.weights() == null ? "—" : num(r.weights().l2())));
        c.add(new Column("Σ|w|", true, r -> r.weights() == null ? "—" : num(r.weights().l1())));
        c.add(new Column("|w| < 1e-3", true, r -> r.weights() == null ? "—" : percent(r.weights().smallShare())));
        c.add(new Column("val − train", true, r -> metric(r, m -> numOrDash(m.finalValLoss() - m.finalTrainLoss()))));
      }
      default -> { }
    }
    c.add(new Column("wall s", true, r -> num(Math.round(r.wallSeconds() * 10) / 10.0)));
    c.add(new Column("status", false, r -> r.ok() ? "ok" : "exit " + r.exitCode() + ": " + r.error()));
    return c;
  }

  /** The table of {@code runs}, one row each. */
  MarkdownTable table(List<RunResult> runs) {
    List<Column> cols = columns();
    boolean[] right = new boolean[cols.size()];
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      headers.add(cols.get(i).header());
      right[i] = cols.get(i).numeric();
    }
    MarkdownTable t = new MarkdownTable(headers, right);
    for (RunResult r : runs) {
      List<String> cells = new ArrayList<>();
      for (Column col : cols) {
        cells.add(col.cell().apply(r));
      }
      t.row(cells);
    }
    return t;
  }

  /**
   * The vanishing experiment's second table: ‖∂L/∂h_t‖ (layer 0) at about {@code points} evenly
   * spaced t, one column per run and diagnostic step (first and last); null when no run recorded a
   * profile.
   */
  static MarkdownTable flowProfiles(List<RunResult> runs, int points) {
    List<String> headers = new ArrayList<>(List.of("t"));
    List<double[]> profiles = new ArrayList<>();
    for (RunResult r : runs) {
      MetricsSummary m = r.metrics();
      if (m == null || m.firstFlow() == null) {
        continue;
      }
      headers.add(r.variant() + " T=" + r.length() + ", step " + (m.firstFlowStep() + 1));
      profiles.add(m.firstFlow());
      if (m.lastFlowStep() != m.firstFlowStep()) {
        headers.add(r.variant() + " T=" + r.length() + ", step " + (m.lastFlowStep() + 1));
        profiles.add(m.lastFlow());
      }
    }
    if (profiles.isEmpty()) {
      return null;
    }
    int longest = profiles.stream().mapToInt(p -> p.length).max().orElse(0);
    boolean[] right = new boolean[headers.size()];
    java.util.Arrays.fill(right, true);
    MarkdownTable t = new MarkdownTable(headers, right);
    List<Integer> ts = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      int v = (int) Math.round(i * (longest - 1) / (double) (points - 1));
      if (!ts.contains(v)) {
        ts.add(v);
      }
    }
    for (int tt : ts) {
      List<String> cells = new ArrayList<>(List.of(Integer.toString(tt)));
      for (double[] p : profiles) {
        cells.add(tt < p.length ? num(p[tt]) : "");
      }
      t.row(cells);
    }
    return t;
  }

  /**
   * The vanishing experiment's third table: at every diagnostic step, each run's first-to-last
   * ratio and decay per step (layer 0); null when no run recorded a profile.
   */
  static MarkdownTable flowHistory(List<RunResult> runs) {
    List<RunResult> with = runs.stream()
        .filter(r -> r.metrics() != null && !r.metrics().flowHistory().isEmpty()).toList();
    if (with.isEmpty()) {
      return null;
    }
    List<String> headers = new ArrayList<>(List.of("step"));
    for (RunResult r : with) {
      headers.add(r.variant() + " T=" + r.length() + " ratio");
      headers.add("decay");
    }
    java.util.TreeSet<Long> steps = new java.util.TreeSet<>();
    for (RunResult r : with) {
      for (double[] h : r.metrics().flowHistory()) {
        steps.add((long) h[0]);
      }
    }
    boolean[] right = new boolean[headers.size()];
    java.util.Arrays.fill(right, true);
    MarkdownTable t = new MarkdownTable(headers, right);
    for (long step : steps) {
      List<String> cells = new ArrayList<>(List.of(Long.toString(step + 1)));
      for (RunResult r : with) {
        double[] found = r.metrics().flowHistory().stream().filter(h -> (long) h[0] == step)
            .findFirst().orElse(null);
        cells.add(found == null ? "" : num(found[1]));
        cells.add(found == null ? "" : numOrDash(found[2]));
      }
      t.row(cells);
    }
    return t;
  }

  private static String metric(RunResult r, Function<MetricsSummary, String> f) {
    return r.metrics() == null ? "—" : f.apply(r.metrics());
  }

  private static String step(long s) {
    return s < 0 ? "none" : Long.toString(s + 1);
  }

  private static String percent(double f) {
    return Double.isNaN(f) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * f);
  }
}
