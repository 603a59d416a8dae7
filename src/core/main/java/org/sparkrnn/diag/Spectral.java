package org.sparkrnn.diag;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;

/**
 * The recurrent matrix of each layer: its largest singular value σ_max (how much one step can
 * stretch a state difference at most) and its spectral radius ρ = max |λ| (the long-run growth
 * of repeated multiplication); ρ ≤ σ_max always, with equality for normal matrices.
 *
 * <p>Which matrix: Elman, {@code rnn.weight_hh_l{k}} [H × H]. LSTM and GRU stack one H × H block
 * per gate ([4H × H] i,f,g,o; [3H × H] r,z,n); each block is decomposed and the layer reports the
 * largest σ_max and the largest ρ over its blocks. A Jordan net feeds the output back, so its
 * state-to-state map is {@code rnn.weight_oh_l0 · linear.weight} [H × H] (exact for raw feedback;
 * for output feedback the output function's Jacobian sits between the two).
 */
public record Spectral(double[] sigmaMax, double[] spectralRadius) {

  public static Spectral of(ModelConfig config, Params params) {
    int h = config.hiddenSize();
    if (config.cell() == CellType.JORDAN) {
      int o = config.outputSize();
      double[] woh = params.get("rnn.weight_oh_l0"); // [H × O]
      double[] wlin = params.get("linear.weight"); // [O × H]
      double[] m = new double[h * h];
      for (int i = 0; i < h; i++) {
        for (int k = 0; k < o; k++) {
          double a = woh[i * o + k];
          for (int j = 0; j < h; j++) {
            m[i * h + j] += a * wlin[k * h + j];
          }
        }
      }
      return new Spectral(new double[] {sigmaMax(m, h, h)}, new double[] {spectralRadius(m, h)});
    }
    int layers = config.layers();
    int gates = config.cell().gates;
    double[] sigma = new double[layers];
    double[] rho = new double[layers];
    for (int l = 0; l < layers; l++) {
      for (String direction : config.bidirectional() ? new String[] {"", "_reverse"}
          : new String[] {""}) {
        double[] w = params.get("rnn.weight_hh_l" + l + direction);
        for (int g = 0; g < gates; g++) {
          double[] block = new double[h * h];
          System.arraycopy(w, g * h * h, block, 0, h * h);
          sigma[l] = Math.max(sigma[l], sigmaMax(block, h, h));
          rho[l] = Math.max(rho[l], spectralRadius(block, h));
        }
      }
    }
    return new Spectral(sigma, rho);
  }

  /** Largest singular value of a row-major [rows × cols] matrix (EJML SVD, values only). */
  public static double sigmaMax(double[] m, int rows, int cols) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
    if (!svd.decompose(new DMatrixRMaj(rows, cols, true, m))) {
      return Double.NaN;
    }
    double max = 0;
    for (double s : svd.getSingularValues()) {
      max = Math.max(max, s);
    }
    return max;
  }

  /** Largest eigenvalue magnitude of a row-major [n × n] matrix (EJML eigen, values only). */
  public static double spectralRadius(double[] m, int n) {
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
    if (!eig.decompose(new DMatrixRMaj(n, n, true, m))) {
      return Double.NaN;
    }
    double max = 0;
    for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
      max = Math.max(max, eig.getEigenvalue(i).getMagnitude());
    }
    return max;
  }
}
