package org.sparkrnn.model;

import java.util.Arrays;

/**
 * A model's parameters (or their gradient): named tensors laid out by a {@link ParamLayout} in one
 * flat row-major array. The flat view is what optimizers, clipping and Spark aggregation see.
 */
public final class Params {
  private final ParamLayout layout;
  private final double[] data;

  public Params(ParamLayout layout) {
    this(layout, new double[layout.size()]);
  }

  public Params(ParamLayout layout, double[] data) {
    if (data.length != layout.size()) {
      throw new IllegalArgumentException(
          "parameter array has " + data.length + " values, layout needs " + layout.size());
    }
    this.layout = layout;
    this.data = data;
  }

  public ParamLayout layout() {
    return layout;
  }

  /** The flat array itself (not a copy). */
  public double[] data() {
    return data;
  }

  public Slot slot(String name) {
    return layout.slot(name);
  }

  /** A copy of one tensor's values. */
  public double[] get(String name) {
    Slot s = layout.slot(name);
    return Arrays.copyOfRange(data, s.offset(), s.offset() + s.size());
  }

  public void set(String name, double[] values) {
    Slot s = layout.slot(name);
    if (values.length != s.size()) {
      throw new IllegalArgumentException(
          "tensor " + s + " has " + s.size() + " values, got " + values.length);
    }
    System.arraycopy(values, 0, data, s.offset(), s.size());
  }

  public Params zerosLike() {
    return new Params(layout);
  }

  public Params copy() {
    return new Params(layout, data.clone());
  }

  public void fill(double v) {
    Arrays.fill(data, v);
  }
}
