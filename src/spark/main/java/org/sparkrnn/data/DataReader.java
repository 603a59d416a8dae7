package org.sparkrnn.data;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkrnn.data.DataOptions.Kind;

/**
 * The data layer's front door: reads what {@link DataOptions} name into training and validation
 * examples with dense ids and the {@link DataSpec} to save with the model. Everything is read by
 * Spark; only vocabularies, class names and counts reach the driver. Every problem with the input
 * is one {@link DataException} line naming the file and row, sequence or byte offset.
 *
 * <p>Validation data: {@code data.validation_path} read with the training vocabulary/classes, or
 * else the last {@code data.validation_fraction} of the input ({@code data.split=position}: the
 * last windows in file order / the last sequences in id order; {@code document}: the last files).
 */
public final class DataReader {
  private DataReader() {}

  /** Training: learns the spec (vocabulary, classes, widths) from {@code data.path}. */
  public static PreparedData prepare(SparkSession spark, DataOptions o) {
    String vpath = o.validationPath();
    double fraction = vpath != null ? 0 : o.validationFraction();
    Learned l = learn(spark, o.path(), DataOptions.PATH, o, fraction);
    if (vpath == null) {
      return prepared(l.spec(), l.cut());
    }
    Cut v = read(spark, vpath, DataOptions.VALIDATION_PATH, l.spec(), o.partitions(), 0, false);
    return ordered(new PreparedData(l.spec(), new ExampleSet(l.cut().examples(), l.cut().count()),
        new ExampleSet(v.examples(), v.count()), l.cut().stats().plus(v.stats())));
  }

  /**
   * Training with a saved spec (resumed or continued training): reads {@code data.path} (and
   * the validation part) as the spec says; only where, how much and how to split come from
   * {@code o}.
   */
  public static PreparedData prepare(SparkSession spark, DataOptions o, DataSpec saved) {
    String vpath = o.validationPath();
    double fraction = vpath != null ? 0 : o.validationFraction();
    Cut c = read(spark, requirePath(o.path()), DataOptions.PATH, saved, o.partitions(), fraction,
        o.splitByDocument());
    if (vpath == null) {
      return prepared(saved, c);
    }
    Cut v = read(spark, vpath, DataOptions.VALIDATION_PATH, saved, o.partitions(), 0, false);
    return ordered(new PreparedData(saved, new ExampleSet(c.examples(), c.count()),
        new ExampleSet(v.examples(), v.count()), c.stats().plus(v.stats())));
  }

  /** Evaluation: all of {@code path}, read as {@code spec} says, in {@link PreparedData#validation()}. */
  public static PreparedData evaluate(SparkSession spark, String path, DataSpec spec) {
    return evaluate(spark, path, spec, 0);
  }

  /** Evaluation with at least {@code minPartitions} input partitions (0: Spark's default). */
  public static PreparedData evaluate(SparkSession spark, String path, DataSpec spec,
      int minPartitions) {
    Cut c = read(spark, path, DataOptions.PATH, spec, minPartitions, 0, false);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return new PreparedData(spec, new ExampleSet(sc.emptyRDD(), 0),
        new ExampleSet(c.examples(), c.count()), c.stats());
  }

  /**
   * Evaluation as the model trained: {@link #evaluate}, and for a model trained with
   * data.order=stream the windows joined into its data.streams streams, to be read window by
   * window with the state carried. ({@code evaluate} alone gives independent windows, as
   * {@code predict} reads them.)
   */
  public static PreparedData evaluateAsTrained(SparkSession spark, String path, DataSpec spec) {
    return ordered(evaluate(spark, path, spec, 0));
  }

  private static PreparedData prepared(DataSpec spec, Cut c) {
    ExampleSet[] parts = c.split();
    return ordered(new PreparedData(spec, parts[0], parts[1], c.stats()));
  }

  /** With data.order=stream, a language model's training and validation windows as streams. */
  private static PreparedData ordered(PreparedData d) {
    DataOptions o = d.spec().options();
    if (!o.streamOrder()) {
      return d;
    }
    if (!d.spec().kind().languageModel()) {
      throw new DataException(DataOptions.ORDER + " = stream: only language models (char_lm, "
          + "word_lm) read their text as streams");
    }
    if (o.stride() != o.window()) {
      throw new DataException(DataOptions.ORDER + " = stream: the windows of a stream follow each "
          + "other, so " + DataOptions.STRIDE + " must be 0 or equal to " + DataOptions.WINDOW);
    }
    if (o.streams() < 1) {
      throw new DataException(DataOptions.STREAMS + " must be ≥ 1 with " + DataOptions.ORDER
          + " = stream (train sets it to train.batch)");
    }
    return new PreparedData(d.spec(), Streams.of(d.train(), o.streams()),
        Streams.of(d.validation(), o.streams()), d.stats());
  }

  private static Learned learn(SparkSession spark, String path, String key, DataOptions o,
      double fraction) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    checkFormat(o);
    return switch (o.kind()) {
      case CHAR_LM -> CharCorpus.learn(sc, requirePath(path), key, o, fraction);
      case WORD_LM -> WordCorpus.learn(sc, requirePath(path), key, o, fraction);
      case SEQUENCES, TEXT_CLASSIFICATION ->
          SequenceReader.learn(spark, requirePath(path), key, o, fraction);
    };
  }

  private static Cut read(SparkSession spark, String path, String key, DataSpec spec,
      int partitions, double fraction, boolean byDocument) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Kind kind = spec.kind();
    return switch (kind) {
      case CHAR_LM -> CharCorpus.read(sc, path, key, spec, partitions, fraction, byDocument);
      case WORD_LM -> WordCorpus.read(sc, path, key, spec, partitions, fraction, byDocument);
      case SEQUENCES, TEXT_CLASSIFICATION ->
          SequenceReader.read(spark, path, key, spec, partitions, fraction, byDocument);
    };
  }

  private static void checkFormat(DataOptions o) {
    if (o.kind().languageModel() && !o.format().equals("auto") && !o.format().equals("text")) {
      throw new DataException(DataOptions.FORMAT + " = " + o.format() + ": " + o.kind().key()
          + " reads text files");
    }
  }

  private static String requirePath(String path) {
    if (path == null || path.isBlank()) {
      throw new DataException(DataOptions.PATH + " is required (the input file, directory or glob)");
    }
    return path;
  }
}
