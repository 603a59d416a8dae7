package org.sparkrnn.data;

import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A character language-model corpus: text files on any Hadoop path, every line's characters and
 * a '\n', cut into windows of T characters that each predict the following character (see
 * {@link Windows}, {@link LmCorpus}). The vocabulary is every character of the training text,
 * found in the same distributed pass that counts it; only it and the counts reach the driver.
 */
final class CharCorpus {
  private CharCorpus() {}

  /** Learns the vocabulary from {@code path} and cuts it, the last windows/files held out. */
  static Learned learn(JavaSparkContext sc, String path, String key, DataOptions o,
      double fraction) {
    InputPaths.files(sc.hadoopConfiguration(), path, key);
    JavaHadoopRDD<LongWritable, Text> rdd = TextFiles.open(sc, path, o.partitions());
    List<SplitStats> stats = LmCorpus.stats(rdd, o.replaceBadUtf8(), new CharTokens(null, false),
        o.window(), true);
    TreeSet<Integer> chars = new TreeSet<>();
    long tokens = 0;
    for (SplitStats s : stats) {
      tokens += s.tokens;
      for (int c : s.distinct) {
        chars.add(c);
      }
    }
    if (tokens == 0) {
      throw new DataException(key + ": empty corpus, no text in " + path);
    }
    if (chars.size() < 2) {
      throw new DataException(key + ": " + path + " holds a single distinct character; a "
          + "character model needs at least 2");
    }
    CharVocabulary vocab = new CharVocabulary(chars.stream().mapToInt(Integer::intValue).toArray());
    LmCorpus.Layout layout = LmCorpus.layout(stats, path, key, o.window(), o.stride(), fraction,
        o.splitByDocument(), vocab::id);
    Cut cut = new Cut(LmCorpus.windows(rdd, o.replaceBadUtf8(), new CharTokens(vocab, false),
        layout, o.window(), o.stride()), layout.windows, layout.cutoff, layout.stats);
    return new Learned(new DataSpec(o, vocab, null, null, 0, 0), cut);
  }

  /** Reads {@code path} with a saved spec's vocabulary, window and policies. */
  static Cut read(JavaSparkContext sc, String path, String key, DataSpec spec, int partitions,
      double fraction, boolean byDocument) {
    DataOptions o = spec.options();
    InputPaths.files(sc.hadoopConfiguration(), path, key);
    JavaHadoopRDD<LongWritable, Text> rdd = TextFiles.open(sc, path, partitions);
    CharTokens tok = new CharTokens(spec.chars(), o.skipUnknown());
    List<SplitStats> stats = LmCorpus.stats(rdd, o.replaceBadUtf8(), tok, o.window(), false);
    LmCorpus.Layout layout = LmCorpus.layout(stats, path, key, o.window(), o.stride(), fraction,
        byDocument, t -> t);
    return new Cut(LmCorpus.windows(rdd, o.replaceBadUtf8(), tok, layout, o.window(), o.stride()),
        layout.windows, layout.cutoff, layout.stats);
  }
}
