package org.sparkrnn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered list of a model's named tensors and where each sits in one flat array. Parameters
 * and gradients share a layout, so a gradient is aggregated, clipped and applied as one vector.
 */
public final class ParamLayout {
  private final List<Slot> slots;
  private final Map<String, Slot> byName;
  private final int size;

  private ParamLayout(List<Slot> slots) {
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
    private int offset;

    public Builder matrix(String name, int rows, int cols) {
      return add(name, new int[] {rows, cols}, false);
    }

    public Builder vector(String name, int n, boolean bias) {
      return add(name, new int[] {n}, bias);
    }

    private Builder add(String name, int[] shape, boolean bias) {
      Slot s = new Slot(name, shape, offset, bias);
      slots.add(s);
      offset += s.size();
      return this;
    }

    public ParamLayout build() {
      return new ParamLayout(new ArrayList<>(slots));
    }
  }
}
