package org.sparkrnn.data;

import org.apache.spark.api.java.JavaRDD;
import org.sparkrnn.model.Example;

/**
 * Examples with dense ids 0..count−1 (the order every epoch's permutation starts from), not yet
 * cached: the trainer persists them at the storage level it wants.
 */
public record ExampleSet(JavaRDD<Example> examples, long count) {}
