package org.sparkrnn.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;

/** Runs jobs/spark-rnn as a user would: a separate process, output to a log file. */
final class Launcher {
  private Launcher() {}

  static Process start(Path log, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(Path.of("jobs", "spark-rnn").toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs to the end; fails with the log when the exit code is not 0. */
  static void run(Path log, Map<String, String> env, String... args) throws Exception {
    Process p = start(log, env, args);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", args));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("exit " + p.exitValue() + " for " + String.join(" ", args) + "\n"
          + Files.readString(log));
    }
  }

  /** Steps recorded so far in a run's metrics.jsonl. */
  static long stepsDone(Path run) throws IOException {
    Path m = run.resolve("metrics.jsonl");
    if (!Files.exists(m)) {
      return 0;
    }
    return Files.readAllLines(m).stream().filter(l -> l.contains("\"loss\"")).count();
  }

  /** A small generated corpus: sentences over a few words, enough for a few dozen windows. */
  static Path corpus(Path dir, int sentences) throws IOException {
    String[] subj = {"the cat", "a dog", "my friend", "the old man", "a bird", "the river"};
    String[] verb = {"sees", "likes", "follows", "finds", "hears", "watches"};
    String[] obj = {"the moon", "a red ball", "the garden", "an open door", "the town", "a hill"};
    SplittableRandom r = new SplittableRandom(7);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append(subj[r.nextInt(6)]).append(' ').append(verb[r.nextInt(6)]).append(' ')
          .append(obj[r.nextInt(6)]).append(".\n");
    }
    Path f = dir.resolve("corpus.txt");
    Files.writeString(f, sb);
    return f;
  }

  static double[] modelParams(Path run) throws IOException {
    ModelBundle b = ModelFiles.load(run.resolve("model"));
    return b.params().data();
  }

  static double relativeError(double[] a, double[] b) {
    return org.sparkrnn.train.GradientCheck.relativeError(a, b);
  }
}
