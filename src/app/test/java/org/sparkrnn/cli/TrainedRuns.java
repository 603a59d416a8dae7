package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Tiny models trained once per test JVM with {@code spark-rnn train} (a few steps, 8 hidden
 * units) on small files written here, shared by the evaluate, predict and generate tests. Each
 * is trained on first use; everything lives in one temporary directory removed at exit.
 */
final class TrainedRuns {
  private TrainedRuns() {}

  static final String MASTER = "local[2]";
  /** Sequences in each CSV set. */
  static final int SEQUENCES = 40;
  private static final String[] CLASSES = {"a", "b", "c"};

  private static Path root;
  private static Path charRun;
  private static Path streamRun;
  private static Path wordRun;
  private static Path classifierRun;
  private static Path regressionRun;

  static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("spark-rnn-cli-runs");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path r = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(r)));
    }
    return root;
  }

  /** A character corpus: short sentences over a few words, one per line. */
  static synchronized Path corpus() {
    Path p = root().resolve("corpus.txt");
    if (!Files.exists(p)) {
      String[] subjects = {"the cat", "a dog", "the old man", "my friend", "the river"};
      String[] verbs = {"sees", "likes", "finds", "follows"};
      String[] objects = {"the moon", "a green hill", "the quiet town", "an open door"};
      Random r = new Random(7);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 120; i++) {
        sb.append(subjects[r.nextInt(subjects.length)]).append(' ')
            .append(verbs[r.nextInt(verbs.length)]).append(' ')
            .append(objects[r.nextInt(objects.length)]).append(".\n");
      }
      write(p, sb.toString());
    }
    return p;
  }

  /**
   * A CSV set in the "sequences" layout=sequence format: id, label, features "x,y;x,y;...";
   * {@code width} features per step; the label of row {@code badRow} (if ≥ 0) is "zzz".
   */
  static Path sequences(String name, int width, int badRow, boolean real) {
    Path p = root().resolve(name);
    Random r = new Random(11);
    StringBuilder sb = new StringBuilder("id,label,features\n");
    for (int i = 0; i < SEQUENCES; i++) {
      int cls = i % CLASSES.length;
      int steps = 2 + r.nextInt(3);
      List<String> rows = new ArrayList<>();
      double sum = 0;
      for (int t = 0; t < steps; t++) {
        List<String> v = new ArrayList<>();
        for (int k = 0; k < width; k++) {
          double x = (cls - 1) + r.nextGaussian() * 0.3;
          sum += x;
          v.add(String.format(java.util.Locale.ROOT, "%.3f", x));
        }
        rows.add(String.join(",", v));
      }
      String label = real ? String.format(java.util.Locale.ROOT, "%.4f", sum / (steps * width))
          : i == badRow ? "zzz" : CLASSES[cls];
      sb.append(String.format("s%03d,%s,\"%s\"%n", i, label, String.join(";", rows)));
    }
    write(p, sb.toString());
    return p;
  }

  static synchronized Path charRun() {
    if (charRun == null) {
      charRun = train("char", corpus(), "data.window=16");
    }
    return charRun;
  }

  /** The character model trained on the corpus read as 4 streams (data.order=stream). */
  static synchronized Path streamRun() {
    if (streamRun == null) {
      streamRun = train("stream", corpus(), "data.window=16", "data.order=stream",
          "data.streams=4", "train.batch=4");
    }
    return streamRun;
  }

  static synchronized Path wordRun() {
    if (wordRun == null) {
      wordRun = train("word", corpus(), "data.kind=word_lm", "data.window=8", "data.vocab_size=40");
    }
    return wordRun;
  }

  static synchronized Path classifierRun() {
    if (classifierRun == null) {
      classifierRun = train("classifier", sequences("classes.csv", 2, -1, false),
          "data.kind=sequences", "data.layout=sequence");
    }
    return classifierRun;
  }

  static synchronized Path regressionRun() {
    if (regressionRun == null) {
      regressionRun = train("regression", sequences("targets.csv", 2, -1, true),
          "data.kind=sequences", "data.layout=sequence", "data.target=real");
    }
    return regressionRun;
  }

  private static Path train(String name, Path data, String... sets) {
    Path out = root().resolve("run-" + name);
    List<String> args = new ArrayList<>(List.of("train", "--master", MASTER, "--quiet",
        "--output", out.toString(), "--set", "data.path=" + data));
    for (String s : List.of("model.hidden=8", "train.steps=4", "train.epochs=0", "train.batch=8")) {
      args.add("--set");
      args.add(s);
    }
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r::toString);
    assertTrue(Files.exists(out.resolve("model/model.json")), r::toString);
    return out;
  }

  /** A one-line error: exit {@code code}, one stderr line "spark-rnn: ...", no stack trace. */
  static CliRun oneLineError(int code, String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(code, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("spark-rnn: "), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
    return r;
  }

  /** A copy of a run's model/ directory whose tensors file is cut in half. */
  static Path truncatedModel(Path run) throws IOException {
    Path dir = Files.createTempDirectory(root(), "truncated");
    Path model = dir.resolve("model");
    Files.createDirectories(model);
    Files.copy(run.resolve("model/model.json"), model.resolve("model.json"));
    byte[] t = Files.readAllBytes(run.resolve("model/tensors.safetensors"));
    Files.write(model.resolve("tensors.safetensors"), java.util.Arrays.copyOf(t, t.length / 2));
    return dir;
  }

  static void write(Path p, String text) {
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
