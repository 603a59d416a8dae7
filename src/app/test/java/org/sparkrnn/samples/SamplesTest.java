package org.sparkrnn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.cli.CliRun;

/** The sample generator: deterministic, the committed data/ files are its output, each file sane. */
class SamplesTest {
  private static final Map<String, String> FILES = Samples.generate(Samples.DEFAULT_SEED);

  @TempDir
  Path dir;

  /** data/ holds exactly what 'spark-rnn samples --out data' writes (run from the project root). */
  @Test
  void committedDataIsTheGeneratorsOutput() throws Exception {
    long total = 0;
    for (Map.Entry<String, String> f : FILES.entrySet()) {
      Path committed = Path.of("data", f.getKey());
      assertTrue(Files.isRegularFile(committed), committed + " is missing");
      assertEquals(f.getValue(), Files.readString(committed, StandardCharsets.UTF_8),
          committed + " differs from the generator's output; run 'jobs/spark-rnn samples --out data'");
      total += Files.size(committed);
    }
    assertTrue(total < 800_000, "data/ samples: " + total + " bytes");
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    assertEquals(FILES, Samples.generate(Samples.DEFAULT_SEED));
    Map<String, String> other = Samples.generate(Samples.DEFAULT_SEED + 1);
    for (String name : FILES.keySet()) {
      assertNotEquals(FILES.get(name), other.get(name), name);
    }
  }

  @Test
  void corpusIsWrappedAsciiProseInChapters() {
    String text = FILES.get(Samples.CORPUS);
    assertTrue(text.length() >= 300_000 && text.length() <= 500_000, "" + text.length());
    assertTrue(text.chars().allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7F), "ASCII only");
    assertTrue(text.endsWith("\n"));
    String[] lines = text.split("\n", -1);
    for (String l : lines) {
      assertTrue(l.length() <= EnglishCorpus.WIDTH, "line too long: " + l);
      assertEquals(l.strip(), l, "no leading or trailing spaces: '" + l + "'");
    }
    assertTrue(text.startsWith("CHAPTER I.\n\n"));
    assertTrue(text.contains("\n\nCHAPTER II.\n\n"));
    Set<Integer> chars = new TreeSet<>();
    text.chars().forEach(chars::add);
    assertTrue(chars.size() >= 45 && chars.size() <= 70, "distinct characters: " + chars.size());
    for (String s : List.of(". ", ", ", "?\" asked ", "!\" cried ", "\n\n", " an ", " the ")) {
      assertTrue(text.contains(s), "holds '" + s + "'");
    }
    assertTrue(!text.contains(" a old ") && !text.contains(" a empty ") && !text.contains(" an cat "),
        "a/an agree with the next word");
  }

  @Test
  void romanNumerals() {
    assertEquals("I", EnglishCorpus.roman(1));
    assertEquals("IV", EnglishCorpus.roman(4));
    assertEquals("XIV", EnglishCorpus.roman(14));
    assertEquals("XL", EnglishCorpus.roman(40));
  }

  @Test
  void classifySequencesHaveThreeClassesTwoValuesPerStepAndVaryingLengths() {
    String[] rows = FILES.get(Samples.CLASSIFY).split("\n");
    assertEquals("id,label,features", rows[0]);
    assertEquals(Samples.CLASSIFY_SEQUENCES + 1, rows.length);
    Map<String, Integer> perClass = new HashMap<>();
    Set<Integer> lengths = new HashSet<>();
    for (int i = 1; i < rows.length; i++) {
      String[] f = rows[i].split(",", 3);
      assertEquals(Integer.toString(i), f[0]);
      perClass.merge(f[1], 1, Integer::sum);
      assertTrue(f[2].startsWith("\"") && f[2].endsWith("\""), rows[i]);
      String[] steps = f[2].substring(1, f[2].length() - 1).split(";");
      lengths.add(steps.length);
      for (String s : steps) {
        String[] v = s.split(",");
        assertEquals(2, v.length, rows[i]);
        for (String x : v) {
          assertTrue(Double.isFinite(Double.parseDouble(x)), x);
        }
      }
    }
    assertEquals(Set.of(SequenceSamples.CLASSES), perClass.keySet());
    perClass.values().forEach(n -> assertTrue(n > Samples.CLASSIFY_SEQUENCES / 5, "" + perClass));
    assertTrue(lengths.size() > 10, "lengths " + lengths);
  }

  /** Every row of a sequence carries the same target: the sum of f0 where f1 = 1 (two steps). */
  @Test
  void regressionTargetIsTheSumAtTheTwoMarkedSteps() {
    String[] rows = FILES.get(Samples.REGRESS).split("\n");
    assertEquals("id,t,f0,f1,label", rows[0]);
    Map<String, int[]> sums = new HashMap<>(); // id -> {sum of marked f0 in hundredths, marks, target}
    Map<String, Integer> nextT = new HashMap<>();
    for (int i = 1; i < rows.length; i++) {
      String[] f = rows[i].split(",");
      assertEquals(5, f.length, rows[i]);
      int t = Integer.parseInt(f[1]);
      assertEquals(nextT.getOrDefault(f[0], 0), t, "t counts up from 0: " + rows[i]);
      nextT.put(f[0], t + 1);
      int[] s = sums.computeIfAbsent(f[0], k -> new int[] {0, 0, -1});
      int target = hundredths(f[4]);
      assertTrue(s[2] < 0 || s[2] == target, "one target per sequence: " + rows[i]);
      s[2] = target;
      if (f[3].equals("1")) {
        s[0] += hundredths(f[2]);
        s[1]++;
      } else {
        assertEquals("0", f[3]);
      }
    }
    assertEquals(Samples.REGRESS_SEQUENCES, sums.size());
    for (Map.Entry<String, int[]> e : sums.entrySet()) {
      assertEquals(2, e.getValue()[1], "two marks in sequence " + e.getKey());
      assertEquals(e.getValue()[0], e.getValue()[2], "target of sequence " + e.getKey());
    }
  }

  @Test
  void messagesAreQuotedTextsLabelledSpamOrHam() {
    String[] rows = FILES.get(Samples.TEXT_CLASSIFY).split("\n");
    assertEquals("text,label", rows[0]);
    assertEquals(Samples.MESSAGES + 1, rows.length);
    int spam = 0;
    Set<String> texts = new HashSet<>();
    for (int i = 1; i < rows.length; i++) {
      assertTrue(rows[i].matches("\"[^\"\\\\]+\",(spam|ham)"), rows[i]);
      spam += rows[i].endsWith(",spam") ? 1 : 0;
      texts.add(rows[i]);
    }
    assertTrue(spam > Samples.MESSAGES / 5 && spam < Samples.MESSAGES / 2, "" + spam);
    assertTrue(texts.size() > Samples.MESSAGES * 9 / 10, "mostly distinct messages");
  }

  @Test
  void commandWritesTheFourFiles() throws Exception {
    CliRun r = CliRun.of("samples", "--out", dir.resolve("out").toString(), "--seed", "9");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Map<String, String> expected = Samples.generate(9);
    for (Map.Entry<String, String> f : expected.entrySet()) {
      assertEquals(f.getValue(), Files.readString(dir.resolve("out").resolve(f.getKey())));
      assertTrue(r.out().contains(f.getKey()), r.out());
    }
    try (var s = Files.list(dir.resolve("out"))) {
      assertEquals(4, s.count(), "no temporary files left");
    }
  }

  @Test
  void commandErrorsAreOneLine() throws Exception {
    CliRun noOut = CliRun.of("samples");
    assertEquals(2, noOut.code());
    assertTrue(noOut.err().startsWith("spark-rnn: ") && noOut.err().contains("--out"), noOut.err());
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliRun fileOut = CliRun.of("samples", "--out", file.toString());
    assertEquals(2, fileOut.code());
    assertTrue(fileOut.err().contains("a-file"), fileOut.err());
    CliRun noJson = CliRun.of("samples", "--out", dir.toString(), "--spam-json", dir.resolve("none").toString());
    assertEquals(2, noJson.code());
    assertTrue(noJson.err().contains("none"), noJson.err());
    for (CliRun r : List.of(noOut, fileOut, noJson)) {
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  private static int hundredths(String s) {
    return Math.toIntExact(Math.round(Double.parseDouble(s) * 100));
  }
}
