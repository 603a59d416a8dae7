package org.sparkrnn.diag;

import java.io.Serializable;

/**
 * When and how to diagnose training: every {@code every} steps (0 = never; steps 0, N, 2N, … when
 * on) the gradient-flow profile, the recurrent matrices' spectra and the saturation of the units
 * are measured; a diagnosed step whose first-to-last gradient-flow ratio is below
 * {@code vanishRatio} warns "vanishing", and any step whose gradient norm before clipping is
 * above {@code explodeNorm} (or not finite) warns "exploding".
 */
public record DiagnosticsConfig(long every, double vanishRatio, double explodeNorm)
    implements Serializable {
  public static final double DEFAULT_VANISH_RATIO = 1e-3;
  public static final double DEFAULT_EXPLODE_NORM = 1e3;
  public static final DiagnosticsConfig OFF =
      new DiagnosticsConfig(0, DEFAULT_VANISH_RATIO, DEFAULT_EXPLODE_NORM);

  public DiagnosticsConfig {
    if (every < 0) {
      throw new IllegalArgumentException("train.diagnostics.every must be ≥ 0, got " + every);
    }
    if (!(vanishRatio > 0 && vanishRatio < 1)) {
      throw new IllegalArgumentException(
          "train.diagnostics.vanish_ratio must be in (0, 1), got " + vanishRatio);
    }
    if (!(explodeNorm > 0 && Double.isFinite(explodeNorm))) {
      throw new IllegalArgumentException(
          "train.diagnostics.explode_norm must be > 0, got " + explodeNorm);
    }
  }

  public static DiagnosticsConfig every(long n) {
    return new DiagnosticsConfig(n, DEFAULT_VANISH_RATIO, DEFAULT_EXPLODE_NORM);
  }

  /** Whether step {@code step} (0-based) is measured. */
  public boolean due(long step) {
    return every > 0 && step % every == 0;
  }
}
