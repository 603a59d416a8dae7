package org.sparkrnn.data;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.sparkrnn.model.Example;

/**
 * Train/validation splits. Readers number all their examples 0..n−1 with the held-out ones last
 * (the last windows or sequences in corpus/id order, or those of the last files); the split is a
 * cut at that number, so both sides keep dense ids and together cover every example once.
 */
final class Splits {
  private Splits() {}

  /** How many of {@code n} items train when the last {@code fraction} (at least one) validate. */
  static long cutoff(long n, double fraction, String what, String path) {
    if (fraction <= 0) {
      return n;
    }
    long held = Math.max(1, Math.round(n * fraction));
    if (n - held < 1) {
      // what is a plural noun ("windows", "sequences", "documents")
      String noun = n == 1 && what.endsWith("s") ? what.substring(0, what.length() - 1) : what;
      throw new DataException(path + ": only " + n + " " + noun + ", too few to hold out "
          + "data.validation_fraction=" + fraction + " and train on the rest");
    }
    return n - held;
  }

  /** The last {@code fraction} (at least one) of the sorted {@code docs}. */
  static List<String> lastFraction(List<String> docs, double fraction, String what, String path) {
    long train = cutoff(docs.size(), fraction, what, path + " (data.split=document)");
    return docs.subList((int) train, docs.size());
  }

  /** Examples with ids 0..n−1 cut at {@code cutoff}: [0, cutoff) train, the rest validate. */
  static ExampleSet[] cut(JavaRDD<Example> all, long n, long cutoff) {
    JavaRDD<Example> train = all.filter(e -> e.id() < cutoff);
    JavaRDD<Example> validation = all.filter(e -> e.id() >= cutoff)
        .map(e -> new Example(e.id() - cutoff, e.length(), e.tokens(), e.features(), e.labels(),
            e.targets()));
    return new ExampleSet[] {new ExampleSet(train, cutoff), new ExampleSet(validation, n - cutoff)};
  }
}
