package org.sparkrnn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.data.DataOptions;
import org.sparkrnn.data.DataReader;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.data.PreparedData;
import org.sparkrnn.model.Example;
import org.sparkrnn.spark.LocalSpark;

/**
 * The committed samples and a converted spam CSV read back with the project's own readers, as
 * the example configurations in conf/ read them.
 */
class SamplesReadBackTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  @TempDir
  Path dir;

  private static PreparedData read(Path file, String... kv) {
    DataOptions o = DataOptions.defaults().with(DataOptions.PATH, file.toUri().toString())
        .with(DataOptions.VALIDATION_FRACTION, "0");
    for (int i = 0; i < kv.length; i += 2) {
      o = o.with(kv[i], kv[i + 1]);
    }
    return DataReader.prepare(SPARK.session(), o);
  }

  private static Path sample(String name) {
    return Path.of("data", name).toAbsolutePath();
  }

  @Test
  void corpus() {
    PreparedData d = read(sample(Samples.CORPUS), DataOptions.WINDOW, "64");
    String text = Samples.generate(Samples.DEFAULT_SEED).get(Samples.CORPUS);
    assertEquals(text.chars().distinct().count(), d.spec().vocabSize());
    assertEquals((text.length() - 1) / 64, d.train().count());
  }

  @Test
  void classify() {
    PreparedData d = read(sample(Samples.CLASSIFY), DataOptions.KIND, "sequences");
    assertEquals(Samples.CLASSIFY_SEQUENCES, d.train().count());
    assertEquals(List.of(SequenceSamples.CLASSES), d.spec().classes().names());
    assertEquals(2, d.spec().inputSize());
  }

  @Test
  void regress() {
    PreparedData d = read(sample(Samples.REGRESS), DataOptions.KIND, "sequences",
        DataOptions.LAYOUT, "step", DataOptions.TARGET, "real");
    assertEquals(Samples.REGRESS_SEQUENCES, d.train().count());
    assertEquals(2, d.spec().inputSize());
    assertEquals(1, d.spec().targetWidth());
  }

  @Test
  void textClassify() {
    PreparedData d = read(sample(Samples.TEXT_CLASSIFY), DataOptions.KIND,
        "text_classification");
    assertEquals(Samples.MESSAGES, d.train().count());
    assertEquals(List.of("ham", "spam"), d.spec().classes().names());
  }

  /** Quotes, backslashes and non-ASCII text survive the trip through Spark's CSV reader. */
  @Test
  void convertedSpamReadsBackExactly() throws Exception {
    Path data = dir.resolve("package/data");
    Map<String, String> expected = SpamCorpusTest.fixture(data);
    Path csv = dir.resolve("spam.csv");
    SpamCorpus.convert(data, csv, 1);
    PreparedData d = read(csv, DataOptions.KIND, "text_classification");
    DataSpec spec = d.spec();
    Map<String, String> got = new HashMap<>();
    for (Example e : d.train().examples().collect()) {
      got.put(spec.chars().decode(java.util.Arrays.copyOf(e.tokens(), e.length())),
          spec.classes().name(e.labels()[0]));
    }
    assertEquals(expected, got);
    assertTrue(spec.chars().id('"') >= 0 && spec.chars().id('\\') >= 0);
  }
}
