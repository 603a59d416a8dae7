package org.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.model.Example;
import org.sparkrnn.spark.LocalSpark;

class WordCorpusTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");
  @TempDir Path dir;

  private static Path sample() throws Exception {
    return Path.of(WordCorpusTest.class.getResource("/data/tiny-words.txt").toURI());
  }

  private static DataOptions options(Path p, String... kv) {
    DataOptions o = DataOptions.defaults().with("data.kind", "word_lm")
        .with("data.path", Collected.uri(p));
    for (int i = 0; i < kv.length; i += 2) {
      o = o.with(kv[i], kv[i + 1]);
    }
    return o;
  }

  @Test
  void vocabularyIsTheMostFrequentWordsTiesByWord() throws Exception {
    PreparedData d = DataReader.prepare(SPARK.session(), options(sample(), "data.vocab_size", "5",
        "data.window", "4", "data.validation_fraction", "0"));
    // the ×3; cat, sat ×2 (tie: cat first); dog, ran ×1 → <unk>
    assertEquals(List.of("<unk>", "<eos>", "the", "cat", "sat"), d.spec().words().words());
    List<Example> ex = Collected.all(d.train());
    assertEquals(2, ex.size());
    assertArrayEquals(new int[] {2, 3, 4, 1}, ex.get(0).tokens());
    assertArrayEquals(new int[] {3, 4, 1, 2}, ex.get(0).labels());
    assertArrayEquals(new int[] {2, 0, 4, 1}, ex.get(1).tokens());
    assertArrayEquals(new int[] {0, 4, 1, 2}, ex.get(1).labels());
    assertEquals(5, d.spec().vocabSize());

    PreparedData small = DataReader.prepare(SPARK.session(), options(sample(), "data.vocab_size", "4",
        "data.validation_fraction", "0"));
    assertEquals(List.of("<unk>", "<eos>", "the", "cat"), small.spec().words().words());
  }

  @Test
  void windowsSplitByPositionAndEvaluateWithSavedVocabulary() throws Exception {
    PreparedData d = DataReader.prepare(SPARK.session(), options(sample(), "data.window", "2",
        "data.stride", "1", "data.validation_fraction", "0.25"));
    // 12 tokens, T=2, S=1: starts 0..9 = 10 windows; the last 3 (round 2.5) validate
    assertEquals(7, d.train().count());
    assertEquals(3, d.validation().count());
    assertEquals(List.of(0L, 1L, 2L), Collected.all(d.validation()).stream().map(Example::id)
        .toList());
    DataSpec saved = DataSpec.fromMap(d.spec().toMap(), "model.json");
    assertEquals(d.spec(), saved);
    Path test = Collected.write(dir, "test.txt", "a <unk> cat  sat\tthe\n");
    List<Example> e = Collected.all(DataReader.evaluate(SPARK.session(), Collected.uri(test), saved)
        .validation());
    int cat = saved.words().id("cat");
    int sat = saved.words().id("sat");
    int the = saved.words().id("the");
    // a → <unk>, the literal <unk> is <unk>; 6 tokens, windows of 2 every token
    assertEquals(4, e.size());
    assertArrayEquals(new int[] {0, 0}, e.get(0).tokens());
    assertArrayEquals(new int[] {cat, sat}, e.get(2).tokens());
    assertArrayEquals(new int[] {the, 1}, e.get(3).labels());
  }

  @Test
  void errorsFromTasksUnwrapToTheirLine() {
    org.apache.spark.api.java.JavaRDD<Integer> rdd =
        Collected.context(SPARK.session()).parallelize(List.of(1, 2), 2);
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> rdd.map(x -> {
          if (x == 2) {
            throw new DataException("f.csv: sequence 's2': bad");
          }
          return x;
        }).collect());
    assertEquals(org.apache.spark.SparkException.class, e.getClass());
    assertEquals("f.csv: sequence 's2': bad", DataException.messageOf(e));
  }

  @Test
  void whitespaceOnlyCorpusIsEmpty() {
    Path f = Collected.write(dir, "blank.txt", " \n\t\n\n");
    assertEquals("data.path: empty corpus, no words in " + Collected.uri(f),
        Collected.failure(() -> DataReader.prepare(SPARK.session(), options(f))));
  }
}
