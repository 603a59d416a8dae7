package org.sparkrnn.train;

import org.sparkrnn.model.ParamLayout;
import org.sparkrnn.model.Slot;

/** Finds NaN and ±Infinity in a flat vector, to reject a bad gradient before it is applied. */
public final class NonFinite {
  private NonFinite() {}

  /** true if any entry is NaN or infinite. */
  public static boolean any(double[] a) {
    return firstIndex(a) >= 0;
  }

  /** Index of the first NaN/Inf entry, or -1 if all are finite. */
  public static int firstIndex(double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  /** How many entries are NaN or infinite. */
  public static int count(double[] a) {
    int n = 0;
    for (double v : a) {
      if (!Double.isFinite(v)) {
        n++;
      }
    }
    return n;
  }

  /**
   * One line naming the first bad entry by tensor and position, e.g. "3 non-finite values, first
   * NaN at rnn.weight_hh_l0[2,1] (flat index 17)", or null if all are finite.
   */
  public static String describe(double[] a, ParamLayout layout) {
    int i = firstIndex(a);
    if (i < 0) {
      return null;
    }
    String where = "flat index " + i;
    if (layout != null) {
      for (Slot s : layout.slots()) {
        if (i >= s.offset() && i < s.offset() + s.size()) {
          int k = i - s.offset();
          String pos = s.shape().length == 1 ? String.valueOf(k) : (k / s.cols()) + "," + (k % s.cols());
          where = s.name() + "[" + pos + "] (" + where + ")";
          break;
        }
      }
    }
    return count(a) + " non-finite value(s), first " + a[i] + " at " + where;
  }
}
