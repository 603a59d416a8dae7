package org.sparkrnn.experiments;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** results.md and index.html of an experiment: the table, how to read it, the runs. */
final class ResultsPage {
  private ResultsPage() {}

  static String markdown(ExperimentKind kind, ExperimentConf conf, List<RunResult> runs,
      MarkdownTable table, String commandLine, Duration wall) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Experiment `").append(kind.key).append("`\n\n");
    sb.append(kind.summary).append(".");
    if (!conf.about().isEmpty()) {
      sb.append(" ").append(conf.about());
    }
    sb.append("\n\n");
    sb.append(header(conf, runs, commandLine, wall)).append("\n\n");
    sb.append(table).append('\n');
    MarkdownTable profiles = kind == ExperimentKind.VANISHING
        ? ExperimentKind.flowProfiles(runs, 11) : null;
    if (profiles != null) {
      sb.append("Gradient-flow profile ‖∂L/∂h_t‖ (layer 0; the norm over the batch) at the first and ")
          .append("the last diagnostic step of each run:\n\n").append(profiles).append('\n');
      sb.append("First-to-last ratio and decay per step (`flow_decay`) at every diagnostic step:\n\n")
          .append(ExperimentKind.flowHistory(runs)).append('\n');
    }
    sb.append("Notes:\n\n");
    for (String n : notes(kind, conf, runs)) {
      sb.append("- ").append(n).append('\n');
    }
    sb.append("\nVariants:\n\n");
    for (ExperimentConf.Variant v : conf.variants()) {
      sb.append("- `").append(v.name()).append("`: ").append(v.about().isEmpty() ? "—" : v.about())
          .append('\n');
    }
    sb.append("\nRuns (settings in `confs/`, console output in `runs/NAME.log`):\n\n");
    for (RunResult r : runs) {
      String dir = "runs/" + r.runDir().getFileName();
      sb.append("- `").append(dir).append("`: ")
          .append(r.report() == null ? "no report" : "report `" + dir + "/report/index.html`")
          .append('\n');
    }
    return sb.toString();
  }

  static String html(ExperimentKind kind, ExperimentConf conf, List<RunResult> runs,
      MarkdownTable table, String commandLine, Duration wall, Path out) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>spark-rnn experiment ")
        .append(kind.key).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:80em}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}</style>"
            + "</head><body>\n");
    sb.append("<h1>Experiment ").append(MarkdownTable.html(kind.key)).append("</h1>\n<p>")
        .append(MarkdownTable.html(kind.summary + ". " + conf.about())).append("</p>\n<p>")
        .append(MarkdownTable.html(header(conf, runs, commandLine, wall).replace("`", "")))
        .append("</p>\n");
    sb.append(table.toHtml());
    MarkdownTable profiles = kind == ExperimentKind.VANISHING
        ? ExperimentKind.flowProfiles(runs, 11) : null;
    if (profiles != null) {
      sb.append("<p>Gradient-flow profile ‖∂L/∂h_t‖ (layer 0) at the first and last diagnostic step:</p>\n")
          .append(profiles.toHtml());
      sb.append("<p>First-to-last ratio and decay per step at every diagnostic step:</p>\n")
          .append(ExperimentKind.flowHistory(runs).toHtml());
    }
    sb.append("<ul>\n");
    for (String n : notes(kind, conf, runs)) {
      sb.append("<li>").append(MarkdownTable.html(n.replace("`", ""))).append("</li>\n");
    }
    sb.append("</ul>\n<h2>Runs</h2>\n<ul>\n");
    for (RunResult r : runs) {
      String dir = "runs/" + r.runDir().getFileName();
      sb.append("<li>").append(MarkdownTable.html(r.variant() + ", T = " + r.length())).append(": ");
      if (r.report() != null) {
        sb.append("<a href=\"").append(dir).append("/report/index.html\">report</a>, ");
      }
      sb.append("<a href=\"").append(dir).append("/metrics.jsonl\">metrics.jsonl</a>, <a href=\"confs/")
          .append(r.runDir().getFileName()).append(".conf\">settings</a>, <a href=\"").append(dir)
          .append(".log\">log</a></li>\n");
    }
    return sb.append("</ul>\n</body></html>\n").toString();
  }

  private static String header(ExperimentConf conf, List<RunResult> runs, String commandLine,
      Duration wall) {
    return String.format(Locale.ROOT,
        "Command: `%s` (configuration `%s`); %d runs, %d min %d s in all on %d cores; %s; "
            + "%,d training and %,d validation sequences per T (data seed %d).",
        commandLine, conf.source(), runs.size(), wall.toMinutes(), wall.toSecondsPart(),
        Runtime.getRuntime().availableProcessors(), Instant.now().truncatedTo(ChronoUnit.SECONDS),
        conf.trainSize(), conf.validationSize(), conf.seed());
  }

  private static List<String> notes(ExperimentKind kind, ExperimentConf conf, List<RunResult> runs) {
    List<String> n = new ArrayList<>();
    int tail = runs.stream().filter(r -> r.metrics() != null).mapToInt(r -> r.metrics().tail())
        .max().orElse(1);
    n.add("Losses are mean squared errors. Final train loss: the mean training loss of the last "
        + "tenth of the steps (at most 50; here up to " + tail + "); final val loss: the last "
        + "validation; best val: the lowest validation and the step it was measured after.");
    switch (kind) {
      case ADDING -> {
        StringBuilder b = new StringBuilder("Predicting the constant 1 gives MSE 1/6 ≈ 0.167; on "
            + "these validation sets it gives ");
        List<String> parts = new ArrayList<>();
        for (int t : conf.lengths()) {
          parts.add("T = " + t + ": " + MarkdownTable.num(AddingProblem.constantOneMse(conf.seed(),
              conf.trainSize(), conf.validationSize(), t)));
        }
        n.add(b.append(String.join(", ", parts)).append('.').toString());
      }
      case EXPLODING -> n.add("First non-finite step: the first step whose loss or gradient was "
          + "not finite, so its update was skipped; training stops after train.max_bad_steps such "
          + "steps in a row (the status column then shows the train command's error). "
          + "Clipped: the share of steps whose gradient norm exceeded train.clip_threshold.");
      case VANISHING -> n.add("‖∂L/∂h₀‖/‖∂L/∂h_{T−1}‖: the norm of the loss gradient reaching the "
          + "first step's hidden state over the norm at the last step (the only step with a loss, "
          + "many-to-one); far below 1 means the gradient vanishes on its way back. Recorded when "
          + "train.diagnostics.every is on; '—' when a run recorded no profile.");
      case ARCHITECTURES -> {
        List<String> parts = new ArrayList<>();
        for (int t : conf.lengths()) {
          parts.add("T = " + t + ": " + MarkdownTable.num(AddingProblem.runningMeanMse(conf.seed(),
              conf.trainSize(), conf.validationSize(), t)) + " (running sum, the per-step mean) and "
              + MarkdownTable.num(AddingProblem.constantOneMse(conf.seed(), conf.trainSize(),
                  conf.validationSize(), t)) + " (final sum, the constant 1)");
        }
        n.add("Baselines on these validation sets: " + String.join("; ", parts) + ".");
        n.add("Loss at 'every step': the target at step t is the running sum "
            + "of the marked values seen so far and the loss is averaged over all steps; 'last step': "
            + "only the final sum (the adding problem proper), so the two kinds of loss are not the "
            + "same number. A teacher-forced Jordan net is fed the true previous target, in "
            + "validation too. tokens/s and ms/step are whole steps, Spark's overhead included (local "
            + "mode); compute ms/step is the slowest task's forward and backward pass alone.");
      }
      case REGULARIZATION -> n.add("‖w‖₂, Σ|w|, |w| < 1e-3: over the weight matrices of the "
          + "trained model (biases are not penalised); val − train: final val loss minus final "
          + "train loss. The penalty is l1·Σ|w| + l2/2·Σw² (l2 = PyTorch's weight_decay); the "
          + "losses shown exclude it.");
      default -> { }
    }
    return n;
  }
}
