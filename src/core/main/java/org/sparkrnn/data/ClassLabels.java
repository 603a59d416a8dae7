package org.sparkrnn.data;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * The class names of a classifier, each with its id: its index in sorted order — numeric order
 * when every name is a number (so labels 0..k−1 keep their ids), else String order. Saved with
 * the model, so evaluation maps labels the same way.
 */
public final class ClassLabels implements Serializable {
  private static final long serialVersionUID = 1L;
  private final ArrayList<String> names;
  private final HashMap<String, Integer> ids = new HashMap<>();

  /** Classes in id order, as saved. */
  public ClassLabels(List<String> names) {
    if (names.isEmpty()) {
      throw new DataException("no class labels");
    }
    this.names = new ArrayList<>(names);
    for (int i = 0; i < names.size(); i++) {
      if (ids.put(names.get(i), i) != null) {
        throw new DataException("class '" + names.get(i) + "' appears twice");
      }
    }
  }

  /** The distinct names, sorted as the class doc says. */
  public static ClassLabels sorted(Collection<String> names) {
    List<String> list = new ArrayList<>(new java.util.TreeSet<>(names));
    boolean numeric = !list.isEmpty() && list.stream().allMatch(ClassLabels::isNumber);
    if (numeric) {
      list.sort(Comparator.comparing((String s) -> new BigDecimal(s)).thenComparing(Comparator.naturalOrder()));
    }
    return new ClassLabels(list);
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  public int size() {
    return names.size();
  }

  /** The id of a class name, or −1 when it is not one of these classes. */
  public int id(String name) {
    Integer i = ids.get(name);
    return i == null ? -1 : i;
  }

  public String name(int id) {
    return names.get(id);
  }

  /** The names in id order (a copy). */
  public List<String> names() {
    return new ArrayList<>(names);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassLabels c && c.names.equals(names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return names.toString();
  }
}
