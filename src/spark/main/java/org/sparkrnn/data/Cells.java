package org.sparkrnn.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Values of table cells (CSV strings or Parquet's typed values) as numbers, names and steps, each
 * failure a {@link DataException} that says where ({@code where}: file and sequence) and what.
 * The text form of a sequence is steps separated by ';' and values within a step by ','.
 */
final class Cells {
  private Cells() {}

  static boolean missing(Object v) {
    return v == null || v instanceof String s && s.isBlank();
  }

  /** A name (class label, id): strings as they are, numbers in their usual text form. */
  static String name(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    if (v instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f)) {
      return Long.toString(f.longValue());
    }
    return v.toString().strip();
  }

  /** A finite number. */
  static double number(Object v, String where, String what) {
    double d;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else if (missing(v)) {
      throw new DataException(where + ": " + what + " is missing");
    } else if (v instanceof String s) {
      try {
        d = Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new DataException(where + ": " + what + " '" + abbreviate(s)
            + "' is not a number");
      }
    } else {
      throw new DataException(where + ": " + what + " is a " + v.getClass().getSimpleName()
          + ", not a number");
    }
    if (!Double.isFinite(d)) {
      throw new DataException(where + ": " + what + " is " + d + "; values must be finite");
    }
    return d;
  }

  /** An integer (a time step). */
  static long integer(Object v, String where, String what) {
    double d = number(v, where, what);
    if (d != Math.rint(d) || Math.abs(d) > 1e15) {
      throw new DataException(where + ": " + what + " " + v + " is not an integer");
    }
    return (long) d;
  }

  /**
   * A sequence of steps, each a vector: text "a,b;c,d", a nested array, or a flat array of
   * {@code width} values per step ({@code width} 0: a flat array is an error naming data.width).
   * Steps may differ in width here; {@link #rectangular} checks.
   */
  static List<double[]> steps(Object v, int width, String where, String what, String widthKey) {
    List<double[]> out = new ArrayList<>();
    if (missing(v)) {
      throw new DataException(where + ": " + what + " is missing");
    }
    if (v instanceof String s) {
      String[] parts = s.split(";", -1);
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].isBlank() && i == parts.length - 1 && i > 0) {
          break; // a trailing ';'
        }
        String[] vals = parts[i].split(",", -1);
        double[] row = new double[vals.length];
        for (int j = 0; j < vals.length; j++) {
          row[j] = number(vals[j], where, what + " value " + (j + 1) + " of step " + (i + 1));
        }
        out.add(row);
      }
      return out;
    }
    List<?> list = list(v);
    if (list == null) {
      return List.of(new double[] {number(v, where, what)});
    }
    boolean nested = !list.isEmpty() && list(list.get(0)) != null;
    if (nested) {
      for (int i = 0; i < list.size(); i++) {
        List<?> inner = list(list.get(i));
        if (inner == null) {
          throw new DataException(where + ": " + what + " step " + (i + 1) + " is not an array");
        }
        double[] row = new double[inner.size()];
        for (int j = 0; j < row.length; j++) {
          row[j] = number(inner.get(j), where, what + " value " + (j + 1) + " of step " + (i + 1));
        }
        out.add(row);
      }
      return out;
    }
    if (width <= 0) {
      throw new DataException(where + ": " + what + " is a flat array; set " + widthKey
          + " (values per step)");
    }
    if (list.size() % width != 0) {
      throw new DataException(where + ": " + what + " has " + list.size()
          + " values, not a multiple of " + widthKey + "=" + width);
    }
    for (int i = 0; i < list.size() / width; i++) {
      double[] row = new double[width];
      for (int j = 0; j < width; j++) {
        row[j] = number(list.get(i * width + j), where,
            what + " value " + (j + 1) + " of step " + (i + 1));
      }
      out.add(row);
    }
    return out;
  }

  /** Names: text "a;b;c" or an array. */
  static List<String> names(Object v, String where, String what) {
    if (missing(v)) {
      throw new DataException(where + ": " + what + " is missing");
    }
    List<String> out = new ArrayList<>();
    List<?> list = list(v);
    if (list == null) {
      for (String s : v.toString().split(";", -1)) {
        out.add(s.strip());
      }
      if (out.size() > 1 && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
    } else {
      for (Object o : list) {
        out.add(name(o));
      }
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) == null || out.get(i).isEmpty()) {
        throw new DataException(where + ": " + what + " " + (i + 1) + " is empty");
      }
    }
    return out;
  }

  /** A Spark array value as a list, or null when {@code v} is not an array. */
  static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof scala.collection.Seq<?> s) {
      return scala.jdk.javaapi.CollectionConverters.asJava(s);
    }
    if (v instanceof double[] d) {
      List<Double> l = new ArrayList<>();
      for (double x : d) {
        l.add(x);
      }
      return l;
    }
    return null;
  }

  static String abbreviate(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() <= 40 ? one : one.substring(0, 37) + "...";
  }
}
