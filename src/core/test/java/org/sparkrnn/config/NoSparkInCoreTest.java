package org.sparkrnn.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The core module is built and tested without Spark, Scala or Hadoop on its classpath, so no core
 * class can use them: the layering is a build fact, not a habit.
 */
class NoSparkInCoreTest {
  @Test
  void sparkScalaAndHadoopAreNotOnCoresClasspath() {
    for (String name : new String[] {"org.apache.spark.SparkContext", "scala.collection.Seq",
        "org.apache.hadoop.conf.Configuration"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
    }
  }
}
