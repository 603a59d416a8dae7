package org.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.model.Example;
import org.sparkrnn.spark.LocalSpark;

class CharCorpusTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");
  @TempDir Path dir;

  private static DataOptions options(Path path, String... kv) {
    DataOptions o = DataOptions.defaults().with("data.path", Collected.uri(path));
    for (int i = 0; i < kv.length; i += 2) {
      o = o.with(kv[i], kv[i + 1]);
    }
    return o;
  }

  static String hadoop(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  /** Deterministic made-up text: lines of pseudo-words, some with non-ASCII letters. */
  static String text(long seed, int lines) {
    Random r = new Random(seed);
    String[] syllables = {"ka", "lo", "mi", "ré", "tu", "sø", "€", "na", "𝄞", "pe"};
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < lines; l++) {
      int words = 1 + r.nextInt(8);
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          sb.append(' ');
        }
        for (int s = 0, n = 1 + r.nextInt(3); s < n; s++) {
          sb.append(syllables[r.nextInt(syllables.length)]);
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static List<String> decode(List<Example> ex, CharVocabulary v) {
    List<String> out = new ArrayList<>();
    for (Example e : ex) {
      out.add(v.decode(e.tokens()) + "|" + v.decode(e.labels()));
    }
    return out;
  }

  /** Windows cut from the whole text on the driver, for comparison. */
  private static List<String> reference(String text, int t, int s) {
    int[] cps = text.codePoints().toArray();
    List<String> out = new ArrayList<>();
    int len = Math.min(t, cps.length - 1);
    for (int start = 0; start + len <= cps.length - 1; start += s) {
      out.add(new String(cps, start, len) + "|" + new String(cps, start + 1, len));
    }
    return out;
  }

  @Test
  void vocabularyWindowsAndPositionSplit() {
    String text = "hello world\nthe quick fox\n"; // 26 characters
    Path f = Collected.write(dir, "a.txt", text);
    PreparedData d = DataReader.prepare(SPARK.session(), options(f, "data.window", "5",
        "data.validation_fraction", "0.2"));
    assertEquals("\n cdefhikloqrtuwx", d.spec().chars().asString());
    assertEquals(4, d.train().count());
    assertEquals(1, d.validation().count());
    List<Example> train = Collected.all(d.train());
    List<Example> val = Collected.all(d.validation());
    assertEquals(List.of(0L, 1L, 2L, 3L), train.stream().map(Example::id).toList());
    assertEquals(List.of(0L), val.stream().map(Example::id).toList());
    List<String> all = new ArrayList<>(decode(train, d.spec().chars()));
    all.addAll(decode(val, d.spec().chars()));
    assertEquals(reference(text, 5, 5), all);
    assertEquals("d\nthe|\nthe ", all.get(2));
    assertEquals(new DataStats(1, 0, 0, 0), d.stats());
  }

  @Test
  void sameWindowsHoweverTheFilesAreSplit() {
    String a = text(1, 60);
    String b = text(2, 45);
    Collected.write(dir, "corpus/a.txt", a);
    Collected.write(dir, "corpus/b.txt", b);
    Collected.write(dir, "corpus/_SUCCESS", "");
    Path corpus = dir.resolve("corpus");
    List<String> expected = new ArrayList<>(reference(a, 7, 3));
    expected.addAll(reference(b, 7, 3));
    for (String parts : new String[] {"1", "37"}) {
      PreparedData d = DataReader.prepare(SPARK.session(), options(corpus, "data.window", "7",
          "data.stride", "3", "data.validation_fraction", "0", "data.partitions", parts));
      assertEquals(expected.size(), d.train().count());
      assertEquals(0, d.validation().count());
      assertEquals(expected, decode(Collected.all(d.train()), d.spec().chars()), "parts " + parts);
      assertEquals(2, d.stats().documents());
    }
  }

  @Test
  void documentSplitHoldsOutTheLastFiles() {
    String a = text(3, 20);
    String b = text(4, 20);
    String c = text(5, 20);
    Collected.write(dir, "docs/a.txt", a);
    Collected.write(dir, "docs/c.txt", c);
    Collected.write(dir, "docs/b.txt", b);
    PreparedData d = DataReader.prepare(SPARK.session(), options(dir.resolve("docs"), "data.window", "10",
        "data.split", "document", "data.validation_fraction", "0.3"));
    List<String> train = new ArrayList<>(reference(a, 10, 10));
    train.addAll(reference(b, 10, 10));
    assertEquals(train, decode(Collected.all(d.train()), d.spec().chars()));
    assertEquals(reference(c, 10, 10), decode(Collected.all(d.validation()), d.spec().chars()));
    List<Long> ids = Collected.all(d.validation()).stream().map(Example::id).toList();
    assertEquals(d.validation().count(), ids.size());
    assertEquals(ids.size() - 1, ids.get(ids.size() - 1));
  }

  @Test
  void shortDocumentGivesOneShorterWindow() {
    Path f = Collected.write(dir, "short.txt", "abc");
    PreparedData d = DataReader.prepare(SPARK.session(), options(f, "data.window", "10",
        "data.validation_fraction", "0"));
    List<Example> ex = Collected.all(d.train());
    assertEquals(1, ex.size());
    assertEquals("abc|bc\n", decode(ex, d.spec().chars()).get(0));
  }

  @Test
  void evaluationReadsWithTheSavedSpec() {
    Path train = Collected.write(dir, "train.txt", "abcabc abc\ncab\n");
    PreparedData d = DataReader.prepare(SPARK.session(), options(train, "data.window", "4",
        "data.validation_fraction", "0"));
    DataSpec saved = DataSpec.fromMap(d.spec().toMap(), "model.json");
    Path test = Collected.write(dir, "test.txt", "cab bac\n");
    PreparedData e = DataReader.evaluate(SPARK.session(), Collected.uri(test), saved);
    assertEquals(0, e.train().count());
    assertEquals(List.of("cab |ab b"), decode(Collected.all(e.validation()), saved.chars()));
    assertEquals(1, e.validation().count());

    Path unknown = Collected.write(dir, "unknown.txt", "abc\nabz\n");
    assertEquals(hadoop(unknown) + ": character 'z' (U+007A) at byte 6 is not in the model's "
        + "vocabulary (data.unknown=skip drops such characters)",
        Collected.failure(() -> DataReader.evaluate(SPARK.session(), Collected.uri(unknown), saved)));
    Map<String, String> skipping = new java.util.LinkedHashMap<>(saved.toMap());
    skipping.put("data.unknown", "skip");
    DataSpec skip = DataSpec.fromMap(skipping, "model.json");
    PreparedData s = DataReader.evaluate(SPARK.session(), Collected.uri(unknown), skip);
    assertEquals(1, s.stats().unknownSkipped());
    assertEquals(List.of("abc\n|bc\na"), decode(Collected.all(s.validation()), skip.chars()));
  }

  @Test
  void resumedTrainingReadsTheSameExamplesWithTheSavedSpec() {
    Path f = Collected.write(dir, "resume.txt", text(11, 30));
    DataOptions o = options(f, "data.window", "6", "data.stride", "4",
        "data.validation_fraction", "0.2");
    PreparedData first = DataReader.prepare(SPARK.session(), o);
    DataSpec saved = DataSpec.fromMap(first.spec().toMap(), "model.json");
    PreparedData again = DataReader.prepare(SPARK.session(), o.with("data.window", "99"), saved);
    assertEquals(first.train().count(), again.train().count());
    assertEquals(first.validation().count(), again.validation().count());
    assertEquals(decode(Collected.all(first.train()), saved.chars()),
        decode(Collected.all(again.train()), saved.chars()));
    assertEquals(decode(Collected.all(first.validation()), saved.chars()),
        decode(Collected.all(again.validation()), saved.chars()));
  }

  @Test
  void validationPathIsReadWithTheTrainingVocabulary() {
    Path train = Collected.write(dir, "t.txt", text(7, 10));
    String first = text(7, 10).lines().findFirst().orElseThrow() + "\n";
    Path val = Collected.write(dir, "v.txt", first);
    PreparedData d = DataReader.prepare(SPARK.session(), options(train, "data.window", "3",
        "data.validation_path", Collected.uri(val)));
    assertEquals(Windows.count(text(7, 10).codePoints().count(), 3, 3), d.train().count());
    assertEquals(reference(first, 3, 3), decode(Collected.all(d.validation()),
        d.spec().chars()));
  }

  @Test
  void utf8ReplaceModeCountsReplacements() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes("abcdefghij".getBytes());
    b.write(0xFF);
    b.writeBytes("klmnopqrst\nuvwxyz".getBytes());
    b.write(0xC3);
    b.write('\n');
    Path f = Collected.write(dir, "latin.txt", b.toByteArray());
    assertEquals(hadoop(f) + ": invalid UTF-8 at byte 10 (0xFF); set data.utf8=replace to read bad "
        + "bytes as U+FFFD", Collected.failure(() -> DataReader.prepare(SPARK.session(), options(f))));
    PreparedData d = DataReader.prepare(SPARK.session(), options(f, "data.utf8", "replace",
        "data.validation_fraction", "0", "data.window", "3"));
    assertEquals(2, d.stats().utf8Replacements());
    assertTrue(d.spec().chars().id('\uFFFD') >= 0);
  }

  @Test
  void badInputIsOneClearLine() {
    Path missing = dir.resolve("nope.txt");
    assertEquals("data.path: no such file or directory: " + Collected.uri(missing),
        Collected.failure(() -> DataReader.prepare(SPARK.session(), options(missing))));

    Path empty = Collected.write(dir, "empty/e.txt", "");
    assertEquals("data.path: empty corpus, no text in " + Collected.uri(dir.resolve("empty")),
        Collected.failure(() -> DataReader.prepare(SPARK.session(), options(dir.resolve("empty")))));
    assertTrue(empty.toFile().exists());

    Path binary = Collected.write(dir, "bin.dat", new byte[] {'P', 'K', 3, 4, 20, 0, 8, 0, 'x'});
    assertEquals(hadoop(binary) + ": binary data (NUL byte at byte 5), not a UTF-8 text file",
        Collected.failure(() -> DataReader.prepare(SPARK.session(), options(binary))));

    byte[] controls = new byte[40];
    Arrays.fill(controls, (byte) 0x01);
    controls[0] = 'a';
    Path ctl = Collected.write(dir, "ctl.dat", controls);
    assertEquals(hadoop(ctl) + ": mostly not text (39 of 41 characters are control characters or "
        + "invalid bytes); is it a binary file?",
        Collected.failure(() -> DataReader.prepare(SPARK.session(), options(ctl))));

    Path one = Collected.write(dir, "one/x.txt", "\n");
    Collected.write(dir, "one/y.txt", "fine text\n");
    assertEquals(hadoop(one) + ": a single token; a language model needs at least 2",
        Collected.failure(() -> DataReader.prepare(SPARK.session(), options(dir.resolve("one")))));

    Path tiny = Collected.write(dir, "tiny.txt", "ab");
    assertEquals(Collected.uri(tiny) + ": only 1 window, too few to hold out "
        + "data.validation_fraction=0.1 and train on the rest",
        Collected.failure(() -> DataReader.prepare(SPARK.session(), options(tiny))));
  }
}
