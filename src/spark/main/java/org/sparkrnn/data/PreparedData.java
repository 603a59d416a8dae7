package org.sparkrnn.data;

/**
 * What a reader hands the trainer: training and validation examples, each with dense ids
 * 0..n−1, the spec to save with the model, and what reading counted. At evaluation time
 * everything read is in {@link #validation()} and {@link #train()} is empty.
 */
public record PreparedData(DataSpec spec, ExampleSet train, ExampleSet validation,
    DataStats stats) {}
