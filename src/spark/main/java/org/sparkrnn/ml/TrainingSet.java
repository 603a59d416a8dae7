package org.sparkrnn.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataException;
import org.sparkrnn.data.DataOptions;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.data.Windows;
import org.sparkrnn.model.Example;

/**
 * A Dataset turned into training examples with dense ids 0..n−1 in the Dataset's row order, and
 * the {@link DataSpec} saved with the model — the same spec the CLI's readers write, so a model
 * fitted here is also a model the CLI evaluates and serves. Rows are numbered from 0 in errors.
 * The parsed rows stay cached until {@link #release()}.
 */
final class TrainingSet {
  private static final ObjectMapper JSON = new ObjectMapper();
  final DataSpec spec;
  final JavaRDD<Example> examples;
  final long count;
  private final JavaRDD<ParsedRow> parsed;

  private TrainingSet(DataSpec spec, JavaRDD<Example> examples, long count,
      JavaRDD<ParsedRow> parsed) {
    this.spec = spec;
    this.examples = examples;
    this.count = count;
    this.parsed = parsed;
  }

  void release() {
    parsed.unpersist(false);
  }

  /**
   * Labelled sequences for the classifier ({@code classes}) or the regressor: one many-to-one
   * example per row. Classes: the label column's ML attribute (set by StringIndexer) gives their
   * number, else the largest label + 1.
   */
  static TrainingSet labelled(Dataset<?> ds, String featuresCol, String labelCol,
      String weightCol, boolean classes, int maxLength, boolean unknownChar) {
    InputColumns.Kind kind = InputColumns.sequenceKind(ds.schema(), featuresCol, "featuresCol");
    InputColumns.requireNumeric(ds.schema(), labelCol, "labelCol");
    boolean weighted = !weightCol.isEmpty();
    if (weighted) {
      InputColumns.requireNumeric(ds.schema(), weightCol, "weightCol");
    }
    int declared = classes ? InputColumns.declaredClasses(
        InputColumns.field(ds.schema(), labelCol, "labelCol")) : -1;
    boolean text = kind == InputColumns.Kind.TEXT;
    String in = "featuresCol '" + featuresCol + "'";
    Column[] columns = weighted
        ? new Column[] {column(featuresCol), column(labelCol), column(weightCol)}
        : new Column[] {column(featuresCol), column(labelCol)};
    JavaRDD<ParsedRow> parsed = ds.toDF().select(columns).javaRDD()
        .zipWithIndex().map(t -> {
          Row r = t._1;
          long i = t._2;
          String where = in + ", row " + i;
          int classId = classes ? RowValues.classIndex(r.get(1), where, declared) : -1;
          double target = classes ? Double.NaN : RowValues.number(r.get(1), where);
          double weight = weighted ? RowValues.weight(r.get(2),
              "weightCol '" + weightCol + "', row " + i) : 1;
          if (text) {
            int[] cps = RowValues.codePoints(r.get(0), where);
            if (cps.length == 0) {
              throw new DataException(where
                  + ": empty text; a sequence needs at least 1 character");
            }
            return ParsedRow.text(i, where, cps, classId, target).weighted(weight)
                .checkLength(maxLength);
          }
          int[] width = new int[1];
          double[] f = RowValues.dense(r.get(0), where, width);
          return ParsedRow.dense(i, where, f, width[0], classId, target).weighted(weight)
              .checkLength(maxLength);
        });
    parsed.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      InputProfile p = profile(parsed, "featuresCol '" + featuresCol + "'");
      Map<String, String> m = new LinkedHashMap<>();
      CharVocabulary vocab = null;
      if (text) {
        vocab = vocabulary(p, in, unknownChar);
        m.put(DataOptions.KIND, "text_classification");
        m.put(DataOptions.TEXT_COLUMN, featuresCol);
        m.put(DataSpec.CHARS, vocab.asString());
      } else {
        m.put(DataOptions.KIND, "sequences");
        m.put(DataOptions.LAYOUT, "sequence");
        m.put(DataOptions.FEATURES_COLUMN, featuresCol);
        m.put(DataSpec.FEATURES, Integer.toString(p.width));
      }
      m.put(DataOptions.MODE, "many-to-one");
      m.put(DataOptions.LABEL_COLUMNS, labelCol);
      if (classes) {
        int k = declared > 0 ? declared : p.maxClass + 1;
        if (k < 2) {
          throw new DataException("labelCol '" + labelCol + "': every label is " + p.maxClass
              + "; a classifier needs at least 2 classes");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
          names.add(Integer.toString(c));
        }
        m.put(DataOptions.TARGET, "class");
        m.put(DataSpec.CLASSES, json(names));
      } else {
        m.put(DataOptions.TARGET, "real");
        m.put(DataSpec.TARGETS, "1");
      }
      DataSpec spec = DataSpec.fromMap(m, "the input Dataset");
      CharVocabulary v = vocab;
      JavaRDD<Example> examples = parsed.map(r -> r.toExample(v, classes));
      return new TrainingSet(spec, examples, p.rows, parsed);
    } catch (RuntimeException e) {
      parsed.unpersist(false);
      throw e;
    }
  }

  /**
   * Texts for the character language model: every row a document, cut into windows of
   * {@code window} characters every {@code stride} (0: window) that never cross rows, each
   * predicting the next character at every step — the CLI's char_lm windows (data.window,
   * data.stride), with a row in place of a file.
   */
  static TrainingSet texts(Dataset<?> ds, String inputCol, int window, int stride,
      int maxLength, boolean unknownChar) {
    InputColumns.requireText(ds.schema(), inputCol, "inputCol");
    String in = "inputCol '" + inputCol + "'";
    int s = stride == 0 ? window : stride;
    JavaRDD<ParsedRow> parsed = ds.toDF().select(column(inputCol)).javaRDD().zipWithIndex()
        .map(t -> ParsedRow.text(t._2, in + ", row " + t._2,
            RowValues.codePoints(t._1.get(0), in + ", row " + t._2), -1, Double.NaN)
            .checkLength(maxLength));
    parsed.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      InputProfile p = profile(parsed, in);
      CharVocabulary vocab = vocabulary(p, in, unknownChar);
      Map<String, String> m = new LinkedHashMap<>();
      m.put(DataOptions.KIND, "char_lm");
      m.put(DataOptions.WINDOW, Integer.toString(window));
      m.put(DataOptions.STRIDE, Integer.toString(stride));
      m.put(DataOptions.TEXT_COLUMN, inputCol);
      m.put(DataSpec.CHARS, vocab.asString());
      DataSpec spec = DataSpec.fromMap(m, "the input Dataset");
      JavaRDD<Example> unnumbered = parsed.flatMap(r -> windows(r.tokens(vocab), window, s)
          .iterator());
      JavaRDD<Example> examples = unnumbered.zipWithIndex().map(t -> new Example(t._2,
          t._1.length(), t._1.tokens(), null, t._1.labels(), null));
      long count;
      try {
        count = examples.count();
      } catch (Exception e) {
        throw dataProblem(e);
      }
      if (count == 0) {
        throw new DataException(in + ": no row has 2 or more characters; nothing to train on");
      }
      return new TrainingSet(spec, examples, count, parsed);
    } catch (RuntimeException e) {
      parsed.unpersist(false);
      throw e;
    }
  }

  /** The windows of one document: inputs [start, start+L), targets one character later. */
  static List<Example> windows(int[] tokens, int window, int stride) {
    long last = Windows.lastStart(tokens.length, window, stride);
    if (last < 0) {
      return Collections.emptyList();
    }
    int len = Windows.length(tokens.length, window);
    List<Example> out = new ArrayList<>();
    for (int start = 0; start <= last; start += stride) {
      int[] x = java.util.Arrays.copyOfRange(tokens, start, start + len);
      int[] y = java.util.Arrays.copyOfRange(tokens, start + 1, start + len + 1);
      out.add(Example.ofTokens(0, x, y));
    }
    return out;
  }

  private static InputProfile profile(JavaRDD<ParsedRow> parsed, String in) {
    InputProfile p;
    try {
      p = parsed.aggregate(new InputProfile(), InputProfile::add, InputProfile::merge);
    } catch (Exception e) { // Spark's checked SparkException arrives here too
      throw dataProblem(e);
    }
    if (p.rows == 0) {
      throw new DataException(in + ": the input has no rows");
    }
    return p;
  }

  /**
   * The characters of the texts. With {@code unknownChar} (handleInvalid=keep): those seen more
   * than once, plus {@link Tokens#UNKNOWN}, which the ones seen once read as in training (so the
   * model learns it) and every character outside the vocabulary reads as at transform.
   */
  private static CharVocabulary vocabulary(InputProfile p, String in, boolean unknownChar) {
    if (p.chars.size() < 2) {
      throw new DataException(in + ": the texts hold fewer than 2 distinct characters");
    }
    java.util.Set<Integer> chars = new java.util.TreeSet<>();
    p.chars.forEach((cp, n) -> {
      if (!unknownChar || n > 1) {
        chars.add(cp);
      }
    });
    if (unknownChar) {
      if (chars.size() < 2) {
        throw new DataException(in + ": fewer than 2 distinct characters occur more than once "
            + "(handleInvalid=keep reads the characters seen once as U+FFFD)");
      }
      chars.add(Tokens.UNKNOWN);
    }
    return new CharVocabulary(chars.stream().mapToInt(Integer::intValue).toArray());
  }

  /** A problem raised in a task as the one-line DataException it was; others unchanged. */
  static RuntimeException dataProblem(Exception e) {
    DataException d = DataException.find(e);
    if (d != null) {
      return d;
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }

  static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  private static String json(List<String> names) {
    try {
      return JSON.writeValueAsString(names);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
