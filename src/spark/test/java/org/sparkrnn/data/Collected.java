package org.sparkrnn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkrnn.model.Example;

/** Test helpers: examples back to the driver (sorted by id), files written into a temp dir. */
final class Collected {
  private Collected() {}

  static List<Example> examples(JavaRDD<Example> rdd) {
    List<Example> out = new ArrayList<>(rdd.collect());
    out.sort(Comparator.comparingLong(Example::id));
    return out;
  }

  static List<Example> all(ExampleSet set) {
    return examples(set.examples());
  }

  static Path write(Path dir, String name, String text) {
    return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path dir, String name, byte[] bytes) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String uri(Path p) {
    return p.toUri().toString();
  }

  static JavaSparkContext context(SparkSession s) {
    return JavaSparkContext.fromSparkContext(s.sparkContext());
  }

  /** The message of the DataException that {@code r} throws (directly or wrapped). */
  static String failure(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      DataException d = DataException.find(e);
      if (d == null) {
        throw new AssertionError("expected a DataException, got " + e, e);
      }
      return d.getMessage();
    }
    throw new AssertionError("expected a DataException, nothing was thrown");
  }
}
