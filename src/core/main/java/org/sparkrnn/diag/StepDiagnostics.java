package org.sparkrnn.diag;

import java.util.List;

/**
 * What one step's diagnostics say. On a diagnosed step every per-layer array is set (NaN where a
 * value is undefined: a dead fraction of a non-ReLU net, a ratio with a zero last norm); on other
 * steps they are null and only {@code warnings} (possibly empty) is meaningful.
 *
 * @param flow per layer, the gradient-flow norms for t = 0..T−1 (see {@link GradientFlow}); null
 *     when the network recorded no profile
 */
public record StepDiagnostics(long step, boolean measured, double[][] flow, double[] flowDecay,
    double[] flowRatio, double[] sigmaMax, double[] spectralRadius, double[] saturated,
    double[] deadRelu, List<String> warnings) {

  public StepDiagnostics {
    warnings = List.copyOf(warnings);
  }

  /** A step that was not measured, with its warnings. */
  public static StepDiagnostics warningsOnly(long step, List<String> warnings) {
    return new StepDiagnostics(step, false, null, null, null, null, null, null, null, warnings);
  }

  public boolean hasWarnings() {
    return !warnings.isEmpty();
  }
}
