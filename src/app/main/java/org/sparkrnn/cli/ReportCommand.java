package org.sparkrnn.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sparkrnn.diag.report.QualityChart;
import org.sparkrnn.diag.report.Report;
import org.sparkrnn.diag.report.ReportException;

/**
 * {@code report --run DIR}: the HTML page and PNG charts of a training run, from DIR/metrics.jsonl
 * (see {@link Report}).
 */
public final class ReportCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--run", "DIR", null, "a training run's output directory (local path)"),
      Options.valued("--curves", "TSV", null, "instead of --run: bench/time-to-quality.sh's"
          + " curve.tsv, drawn as validation loss against wall time"),
      Options.valued("--output", "PNG", null, "with --curves: the chart's file (default: curve.png"
          + " beside the TSV)"));

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "write an HTML page and PNG charts of a training run's metrics";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn report --run DIR | --curves TSV [--output PNG]", """
        Reads DIR/metrics.jsonl (and DIR/config.conf for the clipping threshold) and writes
        DIR/report/index.html, one self-contained page (charts inlined, no network needed), and
        each chart as DIR/report/*.png: training and validation loss, gradient norm with the
        clipping threshold, clipping rate, learning rate, and per layer a heat map of the
        gradient-flow profile (time step x training step) when the run was trained with
        train.diagnostics.every > 0. With --curves, draws the validation-loss curves of
        bench/time-to-quality.sh (its curve.tsv) against wall time as one PNG instead.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    if (o.has("--curves")) {
      return curves(o, out);
    }
    String run = o.require("--run");
    Path dir = Path.of(run.startsWith("file:") ? java.net.URI.create(run).getPath() : run);
    if (!Files.isDirectory(dir)) {
      throw CliException.usage("run directory " + run + " does not exist");
    }
    try {
      Report.Written w = Report.write(dir);
      out.println("report written to " + w.page() + " (" + w.images().size() + " charts)");
      return 0;
    } catch (ReportException e) {
      throw CliException.failed(e.getMessage());
    }
  }

  private static int curves(Options o, PrintStream out) {
    Path tsv = Path.of(o.require("--curves"));
    if (!Files.isRegularFile(tsv)) {
      throw CliException.usage("option --curves: no such file: " + tsv);
    }
    Path png = o.has("--output") ? Path.of(o.require("--output"))
        : tsv.toAbsolutePath().resolveSibling("curve.png");
    try {
      QualityChart.write(tsv, png);
    } catch (ReportException | java.io.UncheckedIOException e) {
      throw CliException.failed(e.getMessage());
    }
    out.println("chart written to " + png);
    return 0;
  }
}
