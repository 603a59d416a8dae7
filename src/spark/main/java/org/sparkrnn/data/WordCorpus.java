package org.sparkrnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A word language-model corpus: text files on any Hadoop path, each line's whitespace-separated
 * words then {@code <eos>}, cut into windows of T words that each predict the following word.
 * The vocabulary is the {@code data.vocab_size − 2} most frequent words (counted in one
 * distributed pass; ties by word), every other word reads as {@code <unk>}.
 */
final class WordCorpus {
  private WordCorpus() {}

  /** Marks a problem found while counting: {@code \0file\0start\0message}, sorting in file order. */
  private static final String ERROR = "\u0000";

  /** Learns the vocabulary from {@code path} and cuts it, the last windows/files held out. */
  static Learned learn(JavaSparkContext sc, String path, String key, DataOptions o,
      double fraction) {
    InputPaths.files(sc.hadoopConfiguration(), path, key);
    JavaHadoopRDD<LongWritable, Text> rdd = TextFiles.open(sc, path, o.partitions());
    JavaPairRDD<String, Long> counts = TextFiles.mapSplits(rdd, o.replaceBadUtf8(),
            (file, start, lines) -> new WordIterator(lines, file, start))
        .mapToPair(w -> new Tuple2<>(w, 1L))
        .reduceByKey(Long::sum);
    WordVocabulary vocab = DataException.unwrapping(() -> {
      List<String> errors = counts.keys().filter(w -> w.startsWith(ERROR)).collect();
      errors.stream().min(String::compareTo).ifPresent(e -> {
        throw new DataException(e.substring(e.lastIndexOf('\u0000') + 1));
      });
      if (counts.isEmpty()) {
        throw new DataException(key + ": empty corpus, no words in " + path);
      }
      return mostFrequent(counts, o.vocabSize());
    });
    DataSpec spec = new DataSpec(o, null, vocab, null, 0, 0);
    return new Learned(spec, cut(rdd, path, key, spec, fraction, o.splitByDocument()));
  }

  /** Reads {@code path} with a saved spec's vocabulary, window and policies. */
  static Cut read(JavaSparkContext sc, String path, String key, DataSpec spec, int partitions,
      double fraction, boolean byDocument) {
    InputPaths.files(sc.hadoopConfiguration(), path, key);
    return cut(TextFiles.open(sc, path, partitions), path, key, spec, fraction, byDocument);
  }

  private static Cut cut(JavaHadoopRDD<LongWritable, Text> rdd, String path, String key,
      DataSpec spec, double fraction, boolean byDocument) {
    DataOptions o = spec.options();
    WordTokens tok = new WordTokens(spec.words());
    List<SplitStats> stats = LmCorpus.stats(rdd, o.replaceBadUtf8(), tok, o.window(), false);
    LmCorpus.Layout layout = LmCorpus.layout(stats, path, key, o.window(), o.stride(), fraction,
        byDocument, t -> t);
    return new Cut(LmCorpus.windows(rdd, o.replaceBadUtf8(), tok, layout, o.window(), o.stride()),
        layout.windows, layout.cutoff, layout.stats);
  }

  /** The words of a split's lines, one after another; a problem ends it as an error mark. */
  private static final class WordIterator implements java.util.Iterator<String> {
    private final java.util.Iterator<TextLine> lines;
    private final String where;
    private java.util.Iterator<String> words = java.util.Collections.emptyIterator();
    private boolean failed;

    WordIterator(java.util.Iterator<TextLine> lines, String file, long start) {
      this.lines = lines;
      this.where = ERROR + file + ERROR + String.format("%020d", start) + ERROR;
    }

    @Override
    public boolean hasNext() {
      try {
        while (!failed && !words.hasNext() && lines.hasNext()) {
          words = WordTokens.words(lines.next().text).iterator();
        }
      } catch (DataException e) {
        failed = true;
        words = List.of(where + e.getMessage()).iterator();
      }
      return words.hasNext();
    }

    @Override
    public String next() {
      hasNext();
      return words.next();
    }
  }

  /**
   * The {@code size − 2} most frequent words of {@code counts} (ties by word) after the two
   * special tokens. Only those words come back to the driver.
   */
  static WordVocabulary mostFrequent(JavaPairRDD<String, Long> counts, int size) {
    List<Tuple2<String, Long>> top = counts
        .filter(t -> !t._1.equals(WordVocabulary.UNK) && !t._1.equals(WordVocabulary.EOS)
            && !t._1.startsWith("\u0000"))
        .takeOrdered(size - 2, new ByCount());
    List<String> w = new ArrayList<>();
    w.add(WordVocabulary.UNK);
    w.add(WordVocabulary.EOS);
    top.forEach(t -> w.add(t._1));
    return new WordVocabulary(w);
  }

  /** Higher count first, then the word in String order. */
  static final class ByCount implements Comparator<Tuple2<String, Long>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, Long> a, Tuple2<String, Long> b) {
      int c = Long.compare(b._2, a._2);
      return c != 0 ? c : a._1.compareTo(b._1);
    }
  }
}
