package org.sparkrnn.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;

/**
 * The driver's half of the diagnostics, the same in LocalTrainer and the Spark trainer: decides
 * which steps are measured, turns the workers' {@link DiagnosticSums} and the parameters into a
 * {@link StepDiagnostics}, and words the warnings. Off ({@code every} = 0) it measures nothing
 * and only compares the gradient norm with the explode threshold.
 */
public final class Diagnostics {
  private final DiagnosticsConfig config;
  private final ModelConfig model;
  private final int layers;

  public Diagnostics(DiagnosticsConfig config, ModelConfig model) {
    this.config = config == null ? DiagnosticsConfig.OFF : config;
    this.model = model;
    this.layers = model.cell() == CellType.JORDAN ? 1 : model.layers();
  }

  public DiagnosticsConfig config() {
    return config;
  }

  /** Whether the workers should measure step {@code step}. */
  public boolean due(long step) {
    return config.due(step);
  }

  /** The recurrent matrices' spectra; call before the update, with the step's parameters. */
  public Spectral spectral(Params params) {
    return Spectral.of(model, params);
  }

  /**
   * The step's diagnostics and warnings.
   *
   * @param spectral {@link #spectral} of the parameters the gradient was computed with; null on
   *     a step that was not measured
   * @param sums what the workers measured; null on a step that was not measured
   * @param items the step's scored items (the loss divisor is items × units per item)
   * @param gradNorm the global gradient norm before clipping (NaN when not finite)
   * @param nonFinite the updater's description of a non-finite loss or gradient, or null
   * @param badInARow consecutive non-finite steps so far, this one included
   */
  public StepDiagnostics step(long step, Spectral spectral, DiagnosticSums sums, long items,
      double gradNorm, String nonFinite, int badInARow) {
    List<String> warnings = new ArrayList<>();
    if (nonFinite != null) {
      warnings.add("exploding: " + nonFinite + "; step skipped (" + badInARow + " in a row)");
    } else if (gradNorm > config.explodeNorm()) {
      warnings.add(String.format(Locale.ROOT,
          "exploding: gradient norm %.4g > train.diagnostics.explode_norm %.4g", gradNorm,
          config.explodeNorm()));
    }
    if (sums == null || spectral == null) {
      return StepDiagnostics.warningsOnly(step, warnings);
    }
    double divisor = Math.max(1, items) * (double) model.loss().unitsPerItem(model.outputSize());
    GradientFlow flow = sums.flowSquares == null ? null : GradientFlow.of(sums.flowSquares, divisor);
    if (flow != null) {
      for (int l = 0; l < flow.ratio().length; l++) {
        double r = flow.ratio()[l];
        if (r < config.vanishRatio()) {
          warnings.add(String.format(Locale.ROOT,
              "vanishing: layer %d gradient at the first step is %.3g of the last (%d steps; "
                  + "threshold train.diagnostics.vanish_ratio %.3g)",
              l, r, flow.norms()[l].length, config.vanishRatio()));
        }
      }
    }
    return new StepDiagnostics(step, true, flow == null ? null : flow.norms(),
        flow == null ? null : flow.decay(), flow == null ? null : flow.ratio(),
        spectral.sigmaMax(), spectral.spectralRadius(),
        Saturation.saturatedFraction(sums, layers), Saturation.deadFraction(sums, layers), warnings);
  }
}
