package org.sparkrnn.model;

/**
 * What a forward (and backward) pass over one batch gives: the loss summed over items, the number
 * of items (valid steps for many-to-many, sequences for many-to-one) and the final state.
 */
public record StepResult(double lossSum, long items, RecurrentState finalState) {}
