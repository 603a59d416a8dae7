package org.sparkrnn.model;

/**
 * Optional outputs of a backward pass beyond the parameter gradient: dLoss/dx (time-major
 * [T·B × I], dense input only) and dLoss/d(initial state). Used by gradient checks and the oracle.
 */
public final class InputGradients {
  public double[] dx;
  public RecurrentState dInit;
}
