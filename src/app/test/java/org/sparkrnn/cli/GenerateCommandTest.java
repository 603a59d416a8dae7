package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkrnn.cli.TrainedRuns.oneLineError;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** generate: reproducible sampling on the driver, lengths, priming and its errors. */
class GenerateCommandTest {

  private static String generate(String... more) {
    List<String> args = new ArrayList<>(List.of("generate", "--model",
        TrainedRuns.charRun().toString()));
    args.addAll(List.of(more));
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
    assertTrue(r.out().endsWith("\n"), r::toString);
    return r.out().substring(0, r.out().length() - 1);
  }

  @Test
  void sameSeedSameText() {
    String a = generate("--seed", "7", "--length", "120");
    String b = generate("--seed", "7", "--length", "120");
    assertEquals(a, b);
    assertNotEquals(a, generate("--seed", "8", "--length", "120"));
  }

  @Test
  void lengthIsRespected() {
    String plain = generate("--seed", "1", "--length", "50");
    assertEquals(50, plain.codePointCount(0, plain.length()));
    String primed = generate("--seed", "1", "--length", "30", "--prime", "the cat ");
    assertTrue(primed.startsWith("the cat "), primed);
    assertEquals("the cat ".length() + 30, primed.length());
    assertEquals("", generate("--seed", "1", "--length", "0"));
  }

  @Test
  void generatedCharactersComeFromTheVocabulary() throws Exception {
    String vocab = java.nio.file.Files.readString(TrainedRuns.corpus());
    String text = generate("--seed", "3", "--length", "300", "--temperature", "1.5");
    text.codePoints().forEach(c -> assertTrue(vocab.indexOf(c) >= 0, "unexpected " + c));
  }

  @Test
  void greedyAndTopOneAgreeWhateverTheSeed() {
    String greedy = generate("--seed", "1", "--length", "40", "--temperature", "0", "--prime", "a dog");
    assertEquals(greedy, generate("--seed", "2", "--length", "40", "--temperature", "0", "--prime", "a dog"));
    assertEquals(greedy, generate("--seed", "3", "--length", "40", "--top-k", "1", "--prime", "a dog"));
  }

  @Test
  void severalSamples() {
    String out = generate("--seed", "5", "--length", "20", "--samples", "3");
    for (int i = 1; i <= 3; i++) {
      assertTrue(out.contains("=== sample " + i + " ===\n"), out);
    }
    assertEquals(out, generate("--seed", "5", "--length", "20", "--samples", "3"));
  }

  @Test
  void runsWithoutSpark() {
    generate("--seed", "1", "--length", "5");
    assertTrue(SparkSession.getActiveSession().isEmpty());
    assertTrue(SparkSession.getDefaultSession().isEmpty());
  }

  @Test
  void wordModel() {
    CliRun r = CliRun.of("generate", "--model", TrainedRuns.wordRun().toString(), "--seed", "4",
        "--length", "12", "--prime", "the cat unknownword");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("the cat unknownword"), r::toString);
    String words = r.out().substring("the cat unknownword".length());
    int count = words.trim().isEmpty() ? 0 : words.trim().split("\\s+").length;
    long lines = words.chars().filter(c -> c == '\n').count() - 1; // <eos> tokens; -1: the final newline
    assertEquals(12, count + lines, r::toString);
  }

  @Test
  void primingCharacterOutsideTheVocabulary() {
    CliRun r = oneLineError(2, "generate", "--model", TrainedRuns.charRun().toString(),
        "--prime", "the Cat");
    assertTrue(r.err().contains("'C' (U+0043)"), r::toString);
    assertTrue(r.err().contains("position 5"), r::toString);
  }

  @Test
  void notALanguageModel() {
    CliRun r = oneLineError(2, "generate", "--model", TrainedRuns.classifierRun().toString());
    assertTrue(r.err().contains("not a language model"), r::toString);
  }

  @Test
  void badOptionsAndModels() throws Exception {
    oneLineError(2, "generate", "--model", TrainedRuns.charRun().toString(), "--temperature", "-1");
    oneLineError(2, "generate", "--model", TrainedRuns.charRun().toString(), "--length", "x");
    oneLineError(2, "generate", "--model", TrainedRuns.root().resolve("gone").toString());
    CliRun r = oneLineError(1, "generate", "--model",
        TrainedRuns.truncatedModel(TrainedRuns.charRun()).toString());
    assertTrue(r.err().contains("checksum mismatch"), r::toString);
  }
}
