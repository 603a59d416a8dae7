package org.sparkrnn.experiments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparkrnn.config.Settings;

/**
 * Runs one experiment: generates the adding-problem data for every T, trains every variant at every
 * T with the {@code train} command in this JVM (real Spark, as a user runs it), makes each run's
 * report, and writes {@code results.md} (the table and notes) and {@code index.html} (the same
 * table with links to every run's report) under the output directory:
 * <pre>
 *   OUT/data/T50/{train,validation}.csv     the generated sequences
 *   OUT/confs/VARIANT-T50.conf              the settings each run was given
 *   OUT/runs/VARIANT-T50/                   the train command's output (model, metrics.jsonl,
 *                                           config.conf, report/index.html)
 *   OUT/runs/VARIANT-T50.log                its console output
 *   OUT/results.md, OUT/index.html
 * </pre>
 */
public final class ExperimentRunner {

  /** The spark-rnn commands, run in this JVM ({@code Main.run}). */
  public interface Commands {
    int run(String[] args, PrintStream out, PrintStream err);

    boolean has(String command);
  }

  private final ExperimentKind kind;
  private final ExperimentConf conf;
  private final Path out;
  private final String master;
  private final Commands commands;
  private final String commandLine;

  /**
   * @param master Spark master for every run (null: the conf's spark.master, else local[*])
   * @param commandLine how the experiment was started, quoted in results.md
   */
  public ExperimentRunner(ExperimentKind kind, ExperimentConf conf, Path out, String master,
      Commands commands, String commandLine) {
    this.kind = kind;
    this.conf = conf;
    this.out = out;
    this.master = master;
    this.commands = commands;
    this.commandLine = commandLine;
  }

  /** Runs every variant at every T; returns the results in table order. */
  public List<RunResult> run(PrintStream progress) throws IOException {
    Instant start = Instant.now();
    List<RunResult> results = new ArrayList<>();
    int total = conf.lengths().size() * conf.variants().size();
    for (int length : conf.lengths()) {
      Path data = out.resolve("data").resolve("T" + length);
      Path train = data.resolve("train.csv");
      Path validation = data.resolve("validation.csv");
      AddingProblem.writeCsv(train, conf.seed(), 0, conf.trainSize(), length);
      AddingProblem.writeCsv(validation, conf.seed(), conf.trainSize(), conf.validationSize(), length);
      for (ExperimentConf.Variant v : conf.variants()) {
        progress.printf(Locale.ROOT, "experiment %s: [%d/%d] %s, T = %d ...%n", kind.key,
            results.size() + 1, total, v.name(), length);
        RunResult r = runOne(v, length, train, validation);
        results.add(r);
        progress.println("  " + line(r));
      }
    }
    writeResults(results, Duration.between(start, Instant.now()));
    return results;
  }

  private RunResult runOne(ExperimentConf.Variant v, int length, Path train, Path validation)
      throws IOException {
    String name = v.name() + "-T" + length;
    Settings s = dataSettings(conf.settingsOf(v), train, validation);
    Path confFile = out.resolve("confs").resolve(name + ".conf");
    Files.createDirectories(confFile.getParent());
    Files.writeString(confFile, "# " + kind.key + " experiment, variant " + v.name() + " (" + v.about()
        + "), T = " + length + "\n# from " + conf.source() + "\n" + s.format(), StandardCharsets.UTF_8);
    Path runDir = out.resolve("runs").resolve(name);
    List<String> args = new ArrayList<>(List.of("train", "--config", confFile.toString(),
        "--output", runDir.toString(), "--quiet", "--overwrite"));
    if (master != null) {
      args.add("--master");
      args.add(master);
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code;
    long t0 = System.nanoTime();
    try (PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      code = commands.run(args.toArray(new String[0]), p, p);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String console = log.toString(StandardCharsets.UTF_8);
    Files.createDirectories(runDir);
    Files.writeString(out.resolve("runs").resolve(name + ".log"), console, StandardCharsets.UTF_8);
    String error = code == 0 ? null : lastErrorLine(console);
    Path metricsFile = runDir.resolve("metrics.jsonl");
    MetricsSummary metrics = Files.exists(metricsFile) ? MetricsSummary.read(metricsFile) : null;
    Path model = runDir.resolve("model");
    WeightNorms weights = code == 0 && Files.isDirectory(model) ? WeightNorms.of(model) : null;
    Path report = metrics == null ? null : report(runDir);
    return new RunResult(v.name(), v.about(), length, s, code, error, seconds, metrics, weights,
        runDir, report);
  }

  /** The data.* keys of a generated adding-problem set, where the variant did not set them. */
  static Settings dataSettings(Settings s, Path train, Path validation) {
    Settings d = s.with("data.path", train.toAbsolutePath().toString(), "experiment")
        .with("data.validation_path", validation.toAbsolutePath().toString(), "experiment");
    String[][] defaults = {
        {"data.kind", "sequences"}, {"data.layout", "sequence"}, {"data.target", "real"},
        {"data.features_column", "features"}, {"data.label_columns", "label"},
        {"data.mode", "many-to-one"}};
    for (String[] kv : defaults) {
      if (!d.isSet(kv[0])) {
        d = d.with(kv[0], kv[1], "experiment");
      }
    }
    return d;
  }

  /** Makes the run's report with the report command, when this build has one. */
  private Path report(Path runDir) {
    if (!commands.has("report")) {
      return null;
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code;
    try (PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      code = commands.run(new String[] {"report", "--run", runDir.toString()}, p, p);
    }
    Path page = runDir.resolve("report").resolve("index.html");
    if (code != 0 || !Files.exists(page)) {
      return null;
    }
    return page;
  }

  private static String lastErrorLine(String console) {
    String found = null;
    for (String l : console.split("\\R")) {
      if (l.startsWith("spark-rnn: ")) {
        found = l.substring("spark-rnn: ".length());
      }
    }
    return found != null ? found : "failed (see the run's log)";
  }

  private static String line(RunResult r) {
    MetricsSummary m = r.metrics();
    String s = m == null ? "no metrics" : String.format(Locale.ROOT,
        "%d steps, final train loss %s, final val loss %s, best %s", m.steps(),
        MarkdownTable.numOrDash(m.finalTrainLoss()), MarkdownTable.numOrDash(m.finalValLoss()),
        MarkdownTable.numOrDash(m.bestValLoss()));
    return s + String.format(Locale.ROOT, ", %.1f s", r.wallSeconds())
        + (r.ok() ? "" : " — exit " + r.exitCode() + ": " + r.error());
  }

  private void writeResults(List<RunResult> results, Duration wall) throws IOException {
    MarkdownTable table = kind.table(results);
    String md = ResultsPage.markdown(kind, conf, results, table, commandLine, wall);
    String html = ResultsPage.html(kind, conf, results, table, commandLine, wall, out);
    write(out.resolve("results.md"), md);
    write(out.resolve("index.html"), html);
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
