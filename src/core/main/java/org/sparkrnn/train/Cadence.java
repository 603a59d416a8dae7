package org.sparkrnn.train;

import org.sparkrnn.diag.DiagnosticsConfig;

/**
 * What is due after a step, one rule for LocalTrainer and both Spark paths: validation (every
 * {@code validateEvery} steps and after the last, when there is validation data), a checkpoint
 * (every {@code checkpointEvery} steps, after the last and at a run's end, when there is an
 * output), diagnostics (train.diagnostics.every), and so where a barrier segment must end.
 * {@code done} counts the steps run so far (a step's index + 1).
 */
public record Cadence(long totalSteps, boolean validates, long validateEvery,
    boolean checkpoints, long checkpointEvery, DiagnosticsConfig diagnostics) {

  /** Diagnostics only: no validation, no checkpoints (LocalTrainer). */
  public static Cadence diagnosticsOnly(DiagnosticsConfig diagnostics) {
    return new Cadence(Long.MAX_VALUE, false, 0, false, 0, diagnostics);
  }

  public boolean validateAfter(long done) {
    return validates && (done == totalSteps || every(done, validateEvery));
  }

  /** {@code last}: no step of the plan follows this one. */
  public boolean checkpointAfter(long done, boolean last) {
    return checkpoints && (done == totalSteps || last || every(done, checkpointEvery));
  }

  /** Whether the step of index {@code index} measures diagnostics (it then runs as a job). */
  public boolean diagnose(long index) {
    return diagnostics.due(index);
  }

  /**
   * Whether a barrier segment must end after the step of index {@code index}: the run ends, the
   * driver validates or checkpoints, or the next step is diagnosed.
   */
  public boolean segmentEndsAfter(long index) {
    long done = index + 1;
    return done == totalSteps || validateAfter(done) || checkpointAfter(done, false)
        || diagnose(index + 1);
  }

  private static boolean every(long done, long every) {
    return every > 0 && done % every == 0;
  }
}
