package org.sparkrnn.ml;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.sparkrnn.data.DataException;

/**
 * Cell values of input rows as sequences and labels. {@code where} names the row in errors
 * ("featuresCol 'features', row 17"), each a one-line {@link DataException}.
 */
final class RowValues {
  private RowValues() {}

  /** A dense sequence, row-major [steps × width]; {@code width[0]} receives the width. */
  static double[] dense(Object v, String where, int[] width) {
    if (v == null) {
      throw new DataException(where + ": the sequence is null");
    }
    List<?> steps = list(v);
    if (steps == null || steps.isEmpty()) {
      throw new DataException(where + ": no steps; a sequence needs at least 1");
    }
    double[] out = null;
    int w = -1;
    for (int t = 0; t < steps.size(); t++) {
      Object s = steps.get(t);
      double[] step;
      if (s instanceof Vector vec) {
        step = vec.toArray();
      } else {
        List<?> values = list(s);
        if (values == null) {
          throw new DataException(where + ": step " + (t + 1) + " is null");
        }
        step = new double[values.size()];
        for (int j = 0; j < step.length; j++) {
          Object x = values.get(j);
          if (!(x instanceof Number n)) {
            throw new DataException(where + ": value " + (j + 1) + " of step " + (t + 1)
                + " is null");
          }
          step[j] = n.doubleValue();
        }
      }
      if (w < 0) {
        w = step.length;
        if (w == 0) {
          throw new DataException(where + ": step 1 has no values");
        }
        out = new double[steps.size() * w];
      } else if (step.length != w) {
        throw new DataException(where + ": ragged sequence: step " + (t + 1) + " has "
            + step.length + " values, step 1 has " + w);
      }
      for (int j = 0; j < w; j++) {
        if (!Double.isFinite(step[j])) {
          throw new DataException(where + ": value " + (j + 1) + " of step " + (t + 1) + " is "
              + step[j] + "; values must be finite");
        }
      }
      System.arraycopy(step, 0, out, t * w, w);
    }
    width[0] = w;
    return out;
  }

  /** A text's code points. */
  static int[] codePoints(Object v, String where) {
    if (v == null) {
      throw new DataException(where + ": the text is null");
    }
    return v.toString().codePoints().toArray();
  }

  /** A finite number. */
  static double number(Object v, String where) {
    if (!(v instanceof Number n)) {
      throw new DataException(where + ": the label is null");
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw new DataException(where + ": the label is " + d + "; it must be finite");
    }
    return d;
  }

  /** A row's weight: a finite number ≥ 0. */
  static double weight(Object v, String where) {
    if (!(v instanceof Number n)) {
      throw new DataException(where + ": the weight is null");
    }
    double d = n.doubleValue();
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw new DataException(where + ": weight " + d + "; it must be finite and ≥ 0");
    }
    return d;
  }

  /** A class index 0..classes−1 ({@code classes} ≤ 0: any index ≥ 0). */
  static int classIndex(Object v, String where, int classes) {
    double d = number(v, where);
    if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE - 1) {
      throw new DataException(where + ": label " + d + " is not a class index 0, 1, 2, ... "
          + "(index other labels with StringIndexer)");
    }
    if (classes > 0 && d >= classes) {
      throw new DataException(where + ": label " + d + " is outside the " + classes
          + " classes its column's metadata declares");
    }
    return (int) d;
  }

  /**
   * A value as a user would recognise it, at most about {@code max} characters: a text quoted,
   * a sequence as [[1.0, 2.0], ...], longer ones cut with "…".
   */
  static String preview(Object v, int max) {
    StringBuilder sb = new StringBuilder();
    append(sb, v, max);
    return sb.length() <= max ? sb.toString() : sb.substring(0, max) + "…";
  }

  private static void append(StringBuilder sb, Object v, int max) {
    List<?> l = list(v);
    if (l != null) {
      sb.append('[');
      for (int i = 0; i < l.size() && sb.length() <= max; i++) {
        sb.append(i == 0 ? "" : ", ");
        append(sb, l.get(i), max);
      }
      sb.append(']');
    } else if (v instanceof String s) {
      sb.append('"').append(s, 0, Math.min(s.length(), max + 1)).append('"');
    } else {
      sb.append(v);
    }
  }

  private static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof scala.collection.Seq<?> s) {
      return scala.jdk.javaapi.CollectionConverters.asJava(s);
    }
    return null;
  }
}
