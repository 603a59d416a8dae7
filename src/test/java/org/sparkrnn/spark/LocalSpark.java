package org.sparkrnn.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** A real local-mode SparkSession for one test class (start in @BeforeAll, stop in @AfterAll). */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String master) {
    return Sparks.session(master, "spark-rnn-test");
  }

  static JavaSparkContext context(SparkSession s) {
    return JavaSparkContext.fromSparkContext(s.sparkContext());
  }
}
