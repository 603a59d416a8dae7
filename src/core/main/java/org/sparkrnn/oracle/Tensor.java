package org.sparkrnn.oracle;

/** A tensor from a golden file: its shape and its values flattened row-major. */
public record Tensor(int[] shape, double[] values) {

  public int dim(int i) {
    return shape[i];
  }

  public int[] asInts() {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (int) values[i];
    }
    return out;
  }
}
