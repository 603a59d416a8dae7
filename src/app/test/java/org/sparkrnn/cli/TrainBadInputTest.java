package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spark-rnn train} on input a user can get wrong: every case fails with a non-zero exit
 * code, exactly one line on stderr ({@code spark-rnn: ...}, no stack trace) that names the file
 * and row or byte, or the key, and leaves nothing under --output — no model, no checkpoint, no
 * metrics, no config.
 */
class TrainBadInputTest {
  private static final String CSV_HEAD = "id,label,features\n";
  /** Good rows around the bad one, so the reader must find the one that is wrong. */
  private static final String GOOD_ROWS = "1,a,\"1,2;3,4\"\n3,b,\"5,6\"\n4,a,\"0.5,1;2,3;4,5\"\n";

  @TempDir
  Path dir;

  // ------------------------------------------------------------------ data files

  @Test
  void missingInputPath() {
    Path missing = dir.resolve("no-such-corpus.txt");
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + missing);
    assertOneLineError(r, "data.path", "no-such-corpus.txt");
    assertNothingWritten(out);
  }

  /** A PNG image read as a text corpus: the message says it is binary, not just "bad UTF-8". */
  @Test
  void binaryFileGivenAsText() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, '\r', 'I', 'H',
        'D', 'R', 0, 0, 0, 0x10, 0, 0, 0, 0x10, 8, 6, 0, 0, 0, 0x1F, (byte) 0xF3, (byte) 0xFF,
        'a'};
    Path image = write("image.png", png);
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + image);
    assertOneLineError(r, "image.png", "binary");
    assertFalse(r.err().contains("data.utf8=replace"),
        "replacing bad bytes does not make an image text: " + r);
    assertNothingWritten(out);
  }

  @Test
  void invalidUtf8NamesFileAndByteOffset() {
    byte[] head = "hello world\nab".getBytes(StandardCharsets.US_ASCII); // 14 bytes
    byte[] tail = "cd\nmore text here\n".getBytes(StandardCharsets.US_ASCII);
    byte[] text = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, text, 0, head.length);
    text[head.length] = (byte) 0xFF;
    System.arraycopy(tail, 0, text, head.length + 1, tail.length);
    Path file = write("latin1.txt", text);
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + file);
    assertOneLineError(r, "latin1.txt", "UTF-8", "byte 14");
    assertNothingWritten(out);
  }

  /** A bad data file: its name and text, the settings beyond data.path, what the error names. */
  record BadFile(String name, String text, List<String> settings, List<String> says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadFile> badFiles() {
    List<String> seqs = List.of("data.kind=sequences");
    return Stream.of(
        new BadFile("empty.txt", "", List.of(), List.of("empty")),
        new BadFile("columns.csv", CSV_HEAD + GOOD_ROWS + "2,b\n", seqs, List.of("'2,b'", "3 fields")),
        new BadFile("words.csv", CSV_HEAD + GOOD_ROWS + "2,b,\"1,2;3,four\"\n", seqs,
            List.of("sequence '2'", "'four'", "not a number")),
        new BadFile("nan.csv", CSV_HEAD + GOOD_ROWS + "2,b,\"1,NaN;3,4\"\n", seqs,
            List.of("sequence '2'", "NaN")),
        new BadFile("inf.csv", "id,t,f0,f1,label\n1,0,0.5,1,a\n1,1,0.25,0,a\n2,0,1.0,0,b\n"
            + "2,1,Infinity,1,b\n3,0,0.1,0,a\n3,1,0.2,1,a\n",
            List.of("data.kind=sequences", "data.layout=step"), List.of("sequence '2'", "f0", "Infinity")),
        new BadFile("ragged.csv", CSV_HEAD + GOOD_ROWS + "2,b,\"1,2;3;5,6\"\n", seqs,
            List.of("sequence '2'", "ragged", "step 2")),
        // a sequence of no steps at all: nothing to read, nothing to classify
        new BadFile("short.csv", CSV_HEAD + GOOD_ROWS + "2,b,\"\"\n", seqs, List.of("sequence '2'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFileIsOneLineNamingIt(BadFile bad) {
    Path file = write(bad.name(), bad.text());
    Path out = dir.resolve("out");
    List<String> settings = new ArrayList<>(List.of("data.path=" + file));
    settings.addAll(bad.settings());
    CliRun r = train(out, settings.toArray(new String[0]));
    List<String> says = new ArrayList<>(List.of(bad.name()));
    says.addAll(bad.says());
    assertOneLineError(r, says.toArray(new String[0]));
    assertNothingWritten(out);
  }

  /** A language model predicts the next token: a document of one token gives it nothing. */
  @Test
  void documentTooShortForALanguageModel() {
    write("corpus/a.txt", "the cat sat on the mat.\nthe dog sat too.\n");
    write("corpus/b.txt", "\n");
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + dir.resolve("corpus"));
    assertOneLineError(r, "b.txt", "single token");
    assertNothingWritten(out);
  }

  // ------------------------------------------------------------------ configuration

  @Test
  void bidirectionalLanguageModelAndJordanNetAreRefused() {
    Path out = dir.resolve("out");
    CliRun lm = train(out, "data.path=" + corpus(), "model.bidirectional=true");
    assertOneLineError(lm, "model.bidirectional=true cannot train a language model (char_lm)");
    assertNothingWritten(out);
    CliRun jordan = train(out, "data.path=" + corpus(), "model.bidirectional=true",
        "model.cell=jordan");
    assertOneLineError(jordan, "model.bidirectional is not supported by Jordan nets");
    assertNothingWritten(out);
  }

  @Test
  void unknownKeySuggestsTheNearest() {
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + corpus(), "model.hiden=8");
    assertOneLineError(r, "'model.hiden'", "did you mean 'model.hidden'");
    assertNothingWritten(out);
  }

  @Test
  void unknownKeyInAConfigFileNamesFileAndLine() {
    Path conf = write("typo.conf", "# a run\ndata.path = " + corpus() + "\ntrain.learning_rat = 0.1\n");
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("train", "--master", "local[2]", "--quiet", "--config", conf.toString(),
        "--output", out.toString());
    assertOneLineError(r, "typo.conf line 3", "'train.learning_rat'", "did you mean 'train.lr'");
    assertNothingWritten(out);
  }

  @Test
  void configFileThatIsNotTextNamesTheByte() throws IOException {
    Path conf = dir.resolve("model.bin");
    Files.write(conf, new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28, 0, 1});
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("train", "--master", "local[2]", "--quiet", "--config", conf.toString(),
        "--output", out.toString());
    assertOneLineError(r, "model.bin", "not a UTF-8 text file", "byte 3");
    assertFalse(r.err().contains("Input length"), r::toString);
    assertNothingWritten(out);
  }

  /** A typo of the project's spark.* keys is refused, not handed to Spark as Spark's own. */
  @Test
  void typoOfAProjectSparkKeyIsRefused() {
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + corpus(), "spark.partiton=2");
    assertOneLineError(r, "'spark.partiton'", "did you mean 'spark.partitions'");
    assertNothingWritten(out);
  }

  @Test
  void confTakesOnlySparkKeys() {
    Path out = dir.resolve("out");
    CliRun r = trainWith(out, List.of("--conf", "model.hidden=8"), "data.path=" + corpus());
    assertOneLineError(r, "--conf takes a Spark setting", "'model.hidden=8'");
    assertNothingWritten(out);
  }

  /**
   * An explicit spark.sync=barrier that Spark cannot run fails before any step, whichever way the
   * Spark setting arrives (--conf, --set, a config file): so each reaches the session. (Spark
   * ignores dynamic allocation in local mode unless spark.dynamicAllocation.testing is set.)
   */
  @Test
  void explicitBarrierUnderDynamicAllocationFailsAtStart() {
    String testing = "spark.dynamicAllocation.testing=true";
    String enabled = "spark.dynamicAllocation.enabled=true";
    Path conf = write("dyn.conf", "spark.dynamicAllocation.enabled = true\n");
    List<List<String>> ways = List.of(
        List.of("--conf", enabled, "--conf", testing),
        List.of("--set", enabled, "--conf", testing),
        List.of("--config", conf.toString(), "--set", testing));
    for (List<String> way : ways) {
      Path out = dir.resolve("out");
      CliRun r = trainWith(out, way, "data.path=" + corpus(), "spark.sync=barrier");
      assertOneLineError(r, "spark.sync=barrier", "dynamic allocation", "spark.sync=auto or jobs");
      assertNothingWritten(out);
    }
  }

  @Test
  void wrongType() {
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + corpus(), "model.hidden=many");
    assertOneLineError(r, "model.hidden", "'many'");
    assertNothingWritten(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"model.hidden=0", "train.lr=-0.01", "train.clip_threshold=-1",
      "data.window=0", "data.validation_fraction=1"})
  void outOfRange(String setting) {
    Path out = dir.resolve("out");
    CliRun r = train(out, "data.path=" + corpus(), setting);
    String key = setting.substring(0, setting.indexOf('='));
    assertOneLineError(r, key);
    assertNothingWritten(out);
  }

  // ------------------------------------------------------------------ the output directory

  /** A second run into a directory that holds a model is refused, and the model kept. */
  @Test
  void outputThatHoldsAModelIsRefusedUnlessOverwrite() {
    Path out = dir.resolve("run");
    CliRun first = train(out, "data.path=" + corpus());
    assertEquals(0, first.code(), first::toString);
    Map<String, byte[]> before = snapshot(out);
    assertTrue(before.containsKey("model/model.json"), before.keySet()::toString);

    CliRun again = train(out, "data.path=" + corpus(), "train.seed=2");
    assertOneLineError(again, out.toString(), "--overwrite");
    assertSame(before, snapshot(out));

    CliRun replace = trainWith(out, List.of("--overwrite"), "data.path=" + corpus(),
        "train.seed=2");
    assertEquals(0, replace.code(), replace::toString);
    assertFalse(Arrays.equals(before.get("model/tensors.safetensors"),
        snapshot(out).get("model/tensors.safetensors")), "--overwrite wrote the new model");
  }

  /** --overwrite replaces a model with a new one; bad data must not destroy the old one first. */
  @Test
  void overwriteWithBadDataKeepsTheOldModel() {
    Path out = dir.resolve("run");
    CliRun first = train(out, "data.path=" + corpus());
    assertEquals(0, first.code(), first::toString);
    Map<String, byte[]> before = snapshot(out);

    Path missing = dir.resolve("no-such-corpus.txt");
    CliRun r = trainWith(out, List.of("--overwrite"), "data.path=" + missing);
    assertOneLineError(r, "no-such-corpus.txt");
    assertSame(before, snapshot(out));
  }

  // ------------------------------------------------------------------ helpers

  /** A tiny run (4 hidden units, 2 steps) with these settings. */
  private CliRun train(Path out, String... settings) {
    return trainWith(out, List.of(), settings);
  }

  private CliRun trainWith(Path out, List<String> flags, String... settings) {
    List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--quiet"));
    for (String s : List.of("model.hidden=4", "train.steps=2", "train.epochs=0", "data.window=8")) {
      if (Arrays.stream(settings).noneMatch(x -> x.startsWith(s.substring(0, s.indexOf('=') + 1)))) {
        args.addAll(List.of("--set", s));
      }
    }
    for (String s : settings) {
      args.addAll(List.of("--set", s));
    }
    args.addAll(flags);
    args.addAll(List.of("--output", out.toString()));
    return CliRun.of(args.toArray(new String[0]));
  }

  /** Exit ≠ 0; stderr one line "spark-rnn: ..." holding every part, no stack trace. */
  private static void assertOneLineError(CliRun r, String... parts) {
    assertNotEquals(0, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("spark-rnn: "), r::toString);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
    assertFalse(r.err().contains("--verbose for the stack trace"),
        "a user's mistake, not an internal error: " + r);
    for (String p : parts) {
      assertTrue(r.err().contains(p), () -> "stderr should contain '" + p + "': " + r);
    }
  }

  /** --output holds nothing: it does not exist, or is an empty directory. */
  private static void assertNothingWritten(Path out) {
    assertTrue(snapshot(out).isEmpty(), () -> "left behind under " + out + ": "
        + snapshot(out).keySet());
  }

  private static void assertSame(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      assertArrayEquals(expected.get(k), actual.get(k), k);
    }
  }

  /** Every file under {@code root}, relative path → bytes (empty when root does not exist). */
  private static Map<String, byte[]> snapshot(Path root) {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** A small good character corpus. */
  private Path corpus() {
    Path p = dir.resolve("corpus.txt");
    if (!Files.exists(p)) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        sb.append(i % 2 == 0 ? "the cat sat on the mat.\n" : "a dog ran to the old gate.\n");
      }
      write("corpus.txt", sb.toString());
    }
    return p;
  }

  private Path write(String name, String text) {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] bytes) {
    Path p = dir.resolve(name);
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
