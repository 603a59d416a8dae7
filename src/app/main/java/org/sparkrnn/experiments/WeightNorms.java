package org.sparkrnn.experiments;

import java.io.IOException;
import java.nio.file.Path;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.model.Params;

/**
 * Norms of a trained model's weights — the entries L1/L2 penalise ({@code ParamLayout.weightMask()}:
 * every weight matrix, no bias).
 *
 * @param l2 √Σ w²
 * @param l1 Σ |w|
 * @param maxAbs max |w|
 * @param smallShare share of the weights with |w| &lt; 10⁻³ (what L1 drives towards zero)
 * @param count number of weights
 */
public record WeightNorms(double l2, double l1, double maxAbs, double smallShare, int count) {

  /** The norms of the model saved in {@code modelDir} (a spark-rnn model directory). */
  public static WeightNorms of(Path modelDir) throws IOException {
    return of(ModelFiles.load(modelDir).params());
  }

  public static WeightNorms of(Params params) {
    boolean[] mask = params.layout().weightMask();
    double[] w = params.data();
    double sq = 0;
    double abs = 0;
    double max = 0;
    int small = 0;
    int n = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        double a = Math.abs(w[i]);
        sq += a * a;
        abs += a;
        max = Math.max(max, a);
        if (a < 1e-3) {
          small++;
        }
        n++;
      }
    }
    return new WeightNorms(Math.sqrt(sq), abs, max, n == 0 ? 0 : small / (double) n, n);
  }
}
