package org.sparkrnn.diag.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One chart axis: a value range mapped to pixels, linear or log10, and its tick values. */
final class Axis {
  final double lo;
  final double hi;
  final boolean log;

  private Axis(double lo, double hi, boolean log) {
    this.lo = lo;
    this.hi = hi;
    this.log = log;
  }

  /** Spans the finite values given (positive ones only for a log axis); null when none. */
  static Axis spanning(List<Double> values, boolean log, boolean pad) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v) && (!log || v > 0)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (min > max) {
      return null;
    }
    if (log) {
      double a = Math.floor(Math.log10(min));
      double b = Math.ceil(Math.log10(max));
      if (a == b) {
        b = a + 1;
      }
      return new Axis(Math.pow(10, a), Math.pow(10, b), true);
    }
    if (min == max) {
      double d = min == 0 ? 1 : Math.abs(min) * 0.1;
      return new Axis(min - d, max + d, false);
    }
    double d = pad ? (max - min) * 0.05 : 0;
    return new Axis(min - d, max + d, false);
  }

  /** Position of v in [0, 1] along the axis (outside for values out of range). */
  double fraction(double v) {
    if (log) {
      return (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    }
    return (v - lo) / (hi - lo);
  }

  boolean plottable(double v) {
    return Double.isFinite(v) && (!log || v > 0);
  }

  /** About five round tick values inside the range (decades on a log axis). */
  List<Double> ticks() {
    List<Double> out = new ArrayList<>();
    if (log) {
      int a = (int) Math.round(Math.log10(lo));
      int b = (int) Math.round(Math.log10(hi));
      int every = Math.max(1, (b - a + 7) / 8);
      for (int e = a; e <= b; e += every) {
        out.add(Math.pow(10, e));
        if (b - a <= 2 && e < b) {
          out.add(2 * Math.pow(10, e));
          out.add(5 * Math.pow(10, e));
        }
      }
      return out;
    }
    double step = nice((hi - lo) / 5);
    for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return out;
  }

  /** 1, 2 or 5 times a power of ten, at least x. */
  static double nice(double x) {
    double p = Math.pow(10, Math.floor(Math.log10(x)));
    double m = x / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  static String label(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.0e", v).replace("e+0", "e").replace("e-0", "e-")
          .replace("e+", "e");
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
