package org.sparkrnn.model;

import java.util.Arrays;

/**
 * One named tensor inside a flat parameter array: {@code data[offset .. offset+size)} holds it
 * row-major. A matrix of shape [rows, cols] acts on column vectors (PyTorch's convention), a
 * vector has shape [n] (rows = n, cols = 1).
 */
public record Slot(String name, int[] shape, int offset, boolean bias) {

  public int rows() {
    return shape[0];
  }

  public int cols() {
    return shape.length == 1 ? 1 : shape[1];
  }

  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Slot s && s.name.equals(name) && Arrays.equals(s.shape, shape)
        && s.offset == offset && s.bias == bias;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + offset;
  }
}
