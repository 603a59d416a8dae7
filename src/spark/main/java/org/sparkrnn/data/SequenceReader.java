package org.sparkrnn.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.sparkrnn.data.DataOptions.Kind;
import org.sparkrnn.model.Example;
import scala.Tuple2;

/**
 * Labelled sequences (and text classification rows) from CSV or Parquet: rows → checked
 * {@link RawSequence}s → one profiling pass (count, classes, characters, widths; only those reach
 * the driver) → sorted by id ({@link IdOrder}, held-out files last) → examples numbered 0..n−1.
 */
final class SequenceReader {
  private SequenceReader() {}

  static Learned learn(SparkSession spark, String path, String key, DataOptions o,
      double fraction) {
    boolean text = o.kind() == Kind.TEXT_CLASSIFICATION;
    Tables.Table t = Tables.read(spark, path, key, o);
    SequenceRules rules = new SequenceRules(o, null, text);
    DataOptions resolved = o.with(DataOptions.FORMAT, t.format);
    JavaRDD<RawSequence> seqs;
    boolean ids;
    if (!text && o.rowPerStep()) {
      StepRows rows = new StepRows(t, o, rules);
      resolved = resolved.with(DataOptions.FEATURE_COLUMNS, String.join(",", rows.featureNames()));
      seqs = steps(t, rows);
      ids = false;
    } else {
      SequenceRows rows = new SequenceRows(t, o, rules, text);
      seqs = rows(t, rows);
      ids = rows.hasIds();
    }
    JavaRDD<RawSequence> all = seqs;
    Profile p = DataException.unwrapping(() -> profile(all, text));
    if (p.count == 0) {
      throw new DataException(key + ": no rows in " + path);
    }
    ClassLabels classes = null;
    if (!o.realTargets()) {
      classes = ClassLabels.sorted(p.classes);
      if (classes.size() < 2) {
        throw new DataException(path + ": every label is '" + classes.name(0)
            + "'; a classifier needs at least 2 classes");
      }
    }
    CharVocabulary vocab = null;
    if (text) {
      if (p.chars.size() < 2) {
        throw new DataException(path + ": the texts hold fewer than 2 distinct characters");
      }
      vocab = new CharVocabulary(p.chars.stream().mapToInt(Integer::intValue).toArray());
    }
    int width = Profile.single(p.widths, "features per step");
    int targets = Profile.single(p.targetWidths, "targets per item");
    DataSpec spec = new DataSpec(resolved, vocab, null, classes, width, targets);
    return new Learned(spec, number(seqs, p, ids, classes, vocab, o.partitions(), fraction,
        o.splitByDocument(), path));
  }

  static Cut read(SparkSession spark, String path, String key, DataSpec spec, int partitions,
      double fraction, boolean byDocument) {
    DataOptions o = spec.options();
    boolean text = o.kind() == Kind.TEXT_CLASSIFICATION;
    Tables.Table t = Tables.read(spark, path, key, o);
    SequenceRules rules = new SequenceRules(o, spec, text);
    JavaRDD<RawSequence> seqs;
    boolean ids;
    if (!text && o.rowPerStep()) {
      seqs = steps(t, new StepRows(t, o, rules));
      ids = false;
    } else {
      SequenceRows rows = new SequenceRows(t, o, rules, text);
      seqs = rows(t, rows);
      ids = rows.hasIds();
    }
    Profile p = DataException.unwrapping(() -> profile(seqs, false));
    if (p.count == 0) {
      throw new DataException(key + ": no rows in " + path);
    }
    return number(seqs, p, ids, spec.classes(), spec.chars(), partitions, fraction, byDocument,
        path);
  }

  private static JavaRDD<RawSequence> rows(Tables.Table t, SequenceRows rows) {
    if (rows.hasIds()) {
      return t.rows.map(r -> rows.parse(r, -1));
    }
    return t.rows.zipWithIndex().map(r -> rows.parse(r._1, r._2));
  }

  private static JavaRDD<RawSequence> steps(Tables.Table t, StepRows rows) {
    return t.rows.mapToPair(rows::keyed).groupByKey().map(g -> rows.assemble(g._1, g._2));
  }

  private static Profile profile(JavaRDD<RawSequence> seqs, boolean learnChars) {
    Profile p = seqs.mapPartitions(it -> {
      Profile part = new Profile();
      try {
        it.forEachRemaining(s -> part.add(s, learnChars));
      } catch (DataException e) {
        part.error = e.getMessage(); // this partition stops at its first problem
      }
      return java.util.Collections.singletonList(part).iterator();
    }).reduce(Profile::merge);
    if (p.error != null) {
      throw new DataException(p.error);
    }
    return p;
  }

  /** Sorted by id (held-out files last), numbered, cut. */
  private static Cut number(JavaRDD<RawSequence> seqs, Profile p, boolean checkDuplicates,
      ClassLabels classes, CharVocabulary vocab, int partitions, double fraction,
      boolean byDocument, String path) {
    List<String> files = new ArrayList<>(p.files.keySet());
    files.sort(null);
    java.util.HashSet<String> heldOut = new java.util.HashSet<>();
    long held = 0;
    if (byDocument && fraction > 0) {
      for (String f : Splits.lastFraction(files, fraction, "files", path)) {
        heldOut.add(f);
        held += p.files.get(f);
      }
    }
    long cutoff = byDocument ? p.count - held : Splits.cutoff(p.count, fraction, "sequences", path);
    return DataException.unwrapping(() -> {
      if (checkDuplicates) {
        duplicates(seqs);
      }
      JavaPairRDD<String, RawSequence> keyed =
          seqs.mapToPair(s -> new Tuple2<>(IdOrder.key(heldOut.contains(s.file), s.id), s));
      int parts = Math.max(partitions, seqs.getNumPartitions());
      JavaRDD<Example> examples = keyed.sortByKey(new IdOrder(), true, parts).values()
          .zipWithIndex().map(t -> t._1.toExample(t._2, classes, vocab));
      DataStats stats = new DataStats(files.size(), 0, p.skipped, p.truncated);
      return new Cut(examples, p.count, cutoff, stats);
    });
  }

  /** Fails naming an id that two rows share, and their files. */
  private static void duplicates(JavaRDD<RawSequence> seqs) {
    List<Tuple2<String, Long>> dup = seqs.mapToPair(s -> new Tuple2<>(s.id, 1L))
        .reduceByKey(Long::sum).filter(t -> t._2 > 1).take(1);
    if (!dup.isEmpty()) {
      String id = dup.get(0)._1;
      List<String> files = seqs.filter(s -> s.id.equals(id)).map(s -> s.file).distinct().collect();
      List<String> sorted = new ArrayList<>(files);
      sorted.sort(null);
      throw new DataException(String.join(" and ", sorted) + ": sequence id '" + id + "' appears "
          + dup.get(0)._2 + " times (layout=sequence: one row per sequence)");
    }
  }
}
