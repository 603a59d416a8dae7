package org.sparkrnn.experiments;

import java.nio.file.Path;
import org.sparkrnn.config.Settings;

/**
 * One variant trained at one sequence length: how the train command ended and what its metrics
 * and model say.
 *
 * @param settings the variant's settings as run (shared + variant + --set)
 * @param exitCode the train command's exit code (0: a model was written)
 * @param error its one-line error when it failed, else null
 * @param wallSeconds wall time of the whole train command (Spark start, data, training)
 * @param metrics the summary of metrics.jsonl, null when the run wrote none
 * @param weights the trained model's weight norms, null when no model was written
 * @param report the run's report page, null when none was made
 */
public record RunResult(
    String variant,
    String about,
    int length,
    Settings settings,
    int exitCode,
    String error,
    double wallSeconds,
    MetricsSummary metrics,
    WeightNorms weights,
    Path runDir,
    Path report) {

  public boolean ok() {
    return exitCode == 0;
  }
}
