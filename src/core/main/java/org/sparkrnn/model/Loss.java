package org.sparkrnn.model;

/**
 * The output function g and loss pair of the head. Each item's loss is a sum over its output
 * units (squared error: Σ_k (o_k − y_k)², no ½); {@link #unitsPerItem} says how many terms that is,
 * so a trainer can report the mean per element (PyTorch's default for MSE) or per item.
 */
public enum Loss {
  /** softmax output, cross-entropy against a class id (log-sum-exp stable). */
  SOFTMAX_CROSS_ENTROPY("softmax", "cross_entropy", true),
  /** sigmoid output per unit, binary cross-entropy against 0/1 targets. */
  SIGMOID_BCE("sigmoid", "bce", false),
  /** identity output, squared error (regression). */
  IDENTITY_MSE("identity", "mse", false),
  /** sigmoid output, squared error. */
  SIGMOID_MSE("sigmoid", "mse", false);

  public final String output;
  public final String loss;
  public final boolean classTargets;

  Loss(String output, String loss, boolean classTargets) {
    this.output = output;
    this.loss = loss;
    this.classTargets = classTargets;
  }

  public static Loss of(String output, String loss) {
    for (Loss l : values()) {
      if (l.output.equalsIgnoreCase(output) && l.loss.equalsIgnoreCase(loss)) {
        return l;
      }
    }
    throw new IllegalArgumentException("output '" + output + "' with loss '" + loss
        + "' is not supported (use softmax+cross_entropy, sigmoid+bce, identity+mse, sigmoid+mse)");
  }

  public int unitsPerItem(int outputSize) {
    return this == SOFTMAX_CROSS_ENTROPY ? 1 : outputSize;
  }
}
