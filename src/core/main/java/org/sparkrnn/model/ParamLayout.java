package org.sparkrnn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered list of a model's named tensors and where each sits in one flat array. Parameters
 * and gradients share a layout, so a gradient is aggregated, clipped and applied as one vector.
 *
 * <p>A buffer (batch normalization's running statistics) is a tensor that travels and is saved
 * with the parameters but is not trained: the network never writes a gradient into it, so the
 * optimizers, clipping and the NaN check see zeros there, and it is marked as a bias so that
 * L1/L2 skip it. The driver sets it (see {@link BatchNorm#updateRunning}).
 */
public final class ParamLayout {
  private final List<Slot> slots;
  private final Map<String, Slot> byName;
  private final int size;
  private final java.util.Set<String> buffers;

  private ParamLayout(List<Slot> slots, java.util.Set<String> buffers) {
    this.buffers = java.util.Set.copyOf(buffers);
    this.slots = Collections.unmodifiableList(slots);
    Map<String, Slot> m = new LinkedHashMap<>();
    int n = 0;
    for (Slot s : slots) {
      m.put(s.name(), s);
      n = s.offset() + s.size();
    }
    this.byName = Collections.unmodifiableMap(m);
    this.size = n;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Slot> slots() {
    return slots;
  }

  public int size() {
    return size;
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** Whether tensor {@code name} is a buffer (not trained; see the class comment). */
  public boolean isBuffer(String name) {
    return buffers.contains(name);
  }

  public Slot slot(String name) {
    Slot s = byName.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'; have " + byName.keySet());
    }
    return s;
  }

  /** true for every entry that weight decay (L1/L2) applies to: all but biases. */
  public boolean[] weightMask() {
    boolean[] mask = new boolean[size];
    for (Slot s : slots) {
      if (!s.bias()) {
        java.util.Arrays.fill(mask, s.offset(), s.offset() + s.size(), true);
      }
    }
    return mask;
  }

  /** Adds tensors in order; the flat offsets follow from the order. */
  public static final class Builder {
    private final List<Slot> slots = new ArrayList<>();
    private final java.util.Set<String> buffers = new java.util.HashSet<>();
    private int offset;

    public Builder matrix(String name, int rows, int cols) {
      return add(name, new int[] {rows, cols}, false);
    }

    public Builder vector(String name, int n, boolean bias) {
      return add(name, new int[] {n}, bias);
    }

    /** A buffer: saved and shipped with the parameters, never trained or penalized. */
    public Builder buffer(String name, int rows, int cols) {
      buffers.add(name);
      return add(name, new int[] {rows, cols}, true);
    }

    private Builder add(String name, int[] shape, boolean bias) {
      Slot s = new Slot(name, shape, offset, bias);
      slots.add(s);
      offset += s.size();
      return this;
    }

    public ParamLayout build() {
      return new ParamLayout(new ArrayList<>(slots), buffers);
    }
  }
}
