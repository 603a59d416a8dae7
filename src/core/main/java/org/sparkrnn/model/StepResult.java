package org.sparkrnn.model;

/**
 * What a forward (and backward) pass over one batch gives: the loss summed over items (each
 * times its sequence's weight), the number of items (valid steps for many-to-many, sequences
 * for many-to-one), their summed weight (= items without weights) and the final state.
 */
public record StepResult(double lossSum, long items, double weight, RecurrentState finalState) {}
