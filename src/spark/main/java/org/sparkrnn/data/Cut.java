package org.sparkrnn.data;

import org.apache.spark.api.java.JavaRDD;
import org.sparkrnn.model.Example;

/** A reader's examples numbered 0..count−1, held-out ones from {@code cutoff} on (driver only). */
record Cut(JavaRDD<Example> examples, long count, long cutoff, DataStats stats) {

  ExampleSet[] split() {
    return Splits.cut(examples, count, cutoff);
  }
}
