package org.sparkrnn.ml;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;

/** The Java Spark context of a Dataset's session. */
final class JavaRDDs {
  private JavaRDDs() {}

  static JavaSparkContext context(Dataset<?> ds) {
    return JavaSparkContext.fromSparkContext(ds.sparkSession().sparkContext());
  }
}
