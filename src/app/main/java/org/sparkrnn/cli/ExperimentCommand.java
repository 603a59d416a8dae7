package org.sparkrnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.experiments.ExperimentConf;
import org.sparkrnn.experiments.ExperimentKind;
import org.sparkrnn.experiments.ExperimentRunner;
import org.sparkrnn.experiments.RunResult;

/**
 * {@code experiment NAME [--full] [--output DIR] [--set key=value]…}: one of the experiments of
 * {@link ExperimentKind}, configured by {@code conf/experiments/NAME.conf}, run with the train
 * command in this JVM; writes DIR/results.md, DIR/index.html and every run's output and report.
 */
public final class ExperimentCommand implements Command {
  static final String CONF_DIR = "conf/experiments";

  private static final List<Options.Spec> OPTIONS = List.of(
      Options.flag("--full", "the full size of the experiment (the conf's full.* keys)"),
      Options.valued("--output", "DIR", null, "output directory (default runs/experiments/NAME)"),
      Options.valued("--set", "KEY=VALUE", null,
          "set a key over the conf (repeatable): experiment.*, a training key, variant.NAME.KEY"),
      Options.valued("--variants", "LIST", null, "run only these variants (comma list; default all)"),
      Options.valued("--conf", "FILE", null, "experiment configuration (default "
          + CONF_DIR + "/NAME.conf)"),
      Options.valued("--master", "URL", null, "Spark master of every run (else spark.master, else local[*])"),
      Options.flag("--overwrite", "replace the results of an earlier run in DIR"));

  @Override
  public String name() {
    return "experiment";
  }

  @Override
  public String summary() {
    return "reproduce a claim on vanishing/exploding gradients: " + String.join(", ",
        ExperimentKind.names()) + " (list: what each does)";
  }

  @Override
  public String usage() {
    StringBuilder names = new StringBuilder();
    for (ExperimentKind k : ExperimentKind.values()) {
      names.append(String.format("  %-15s %s%n", k.key, k.summary));
    }
    return Options.usage("spark-rnn experiment NAME [--full] [--output DIR] [--set key=value]...",
        "Runs an experiment: generates its data (the adding problem at the conf's sequence lengths),\n"
            + "trains every variant of " + CONF_DIR + "/NAME.conf with the train command (local-mode\n"
            + "Spark unless --master), makes each run's report, and writes DIR/results.md (a Markdown\n"
            + "table: variant, T, steps, final train/val loss, best val, wall time and the experiment's\n"
            + "own columns) and DIR/index.html. The default size takes a few minutes on 2 cores;\n"
            + "--full runs the size the conf documents. 'spark-rnn experiment list' lists them:\n\n"
            + names, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      throw CliException.usage("experiment needs a NAME: one of " + String.join(", ",
          ExperimentKind.names()) + ", or list");
    }
    String name = args.get(0);
    List<String> rest = new ArrayList<>(args.subList(1, args.size()));
    if (name.equals("list")) {
      Options.parse(name(), OPTIONS, rest);
      for (ExperimentKind k : ExperimentKind.values()) {
        out.printf("%-15s %s (%s)%n", k.key, k.summary, CONF_DIR + "/" + k.key + ".conf");
      }
      return 0;
    }
    ExperimentKind kind = ExperimentKind.of(name);
    if (kind == null) {
      throw CliException.usage("unknown experiment '" + name + "' (experiments: "
          + String.join(", ", ExperimentKind.names()) + ", list)");
    }
    Options o = Options.parse(name(), OPTIONS, rest);
    Path confFile = o.has("--conf") ? Path.of(o.string("--conf")) : findConf(kind.key);
    if (!Files.isRegularFile(confFile)) {
      throw CliException.usage("experiment configuration " + confFile + " does not exist");
    }
    ExperimentConf conf;
    try {
      conf = ExperimentConf.read(confFile, o.flag("--full"), o.all("--set"));
      if (o.has("--variants")) {
        conf = conf.only(java.util.Arrays.stream(o.string("--variants").split(","))
            .map(String::strip).filter(v -> !v.isEmpty()).toList());
      }
    } catch (ConfigException e) {
      throw CliException.usage(e.getMessage());
    } catch (IOException e) {
      throw CliException.usage("cannot read " + confFile + ": " + e.getMessage());
    }
    Path output = Path.of(o.string("--output") != null ? o.string("--output")
        : "runs/experiments/" + kind.key);
    prepareOutput(output, o.flag("--overwrite"));
    String commandLine = "jobs/spark-rnn experiment " + String.join(" ", args);
    ExperimentRunner runner = new ExperimentRunner(kind, conf, output, o.string("--master"),
        new ExperimentRunner.Commands() {
          @Override
          public int run(String[] argv, PrintStream o1, PrintStream e1) {
            return Main.run(argv, o1, e1);
          }

          @Override
          public boolean has(String command) {
            return Main.COMMANDS.stream().anyMatch(c -> c.name().equals(command));
          }
        }, commandLine);
    List<RunResult> results = runner.run(out);
    out.println("results: " + output.resolve("results.md") + " (and index.html)");
    long failed = results.stream().filter(r -> !r.ok()).count();
    if (failed > 0) {
      out.println(failed + " of " + results.size() + " runs ended with an error (see the status column)");
    }
    return 0;
  }

  /** conf/experiments/NAME.conf under the working directory, else under the project's root. */
  static Path findConf(String name) {
    Path here = Path.of(CONF_DIR, name + ".conf");
    if (Files.isRegularFile(here)) {
      return here;
    }
    Path root = projectRoot();
    if (root != null) {
      Path p = root.resolve(CONF_DIR).resolve(name + ".conf");
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return here;
  }

  /** The directory above target/ that holds this class (the jar or target/classes), or null. */
  private static Path projectRoot() {
    try {
      Path code = Path.of(ExperimentCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = code.getParent();
      return target == null ? null : target.getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** Refuses to mix with an earlier experiment's results unless --overwrite, which clears them. */
  private static void prepareOutput(Path output, boolean overwrite) throws IOException {
    String[] ours = {"results.md", "index.html", "runs", "confs", "data"};
    boolean used = false;
    for (String s : ours) {
      used |= Files.exists(output.resolve(s));
    }
    if (used && !overwrite) {
      throw CliException.usage("output directory " + output
          + " already holds experiment results; pass --overwrite to replace them, or --output DIR");
    }
    for (String s : ours) {
      deleteTree(output.resolve(s));
    }
    Files.createDirectories(output);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
