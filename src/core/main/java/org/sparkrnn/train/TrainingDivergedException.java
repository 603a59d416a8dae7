package org.sparkrnn.train;

/** Training stopped because too many steps in a row had a non-finite loss or gradient. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
