package org.sparkrnn.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * The relative errors of one golden case, quantity by quantity, and the values the file holds that
 * the engine has no counterpart for (skipped, by name: a valid case is never refused for holding
 * more than is compared).
 */
public final class CaseReport {
  /** One compared quantity: max|ours − ref| / max(max|ref|, 1e-12). */
  public record Entry(String quantity, double relError) {}

  private final String name;
  private final List<Entry> entries = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  CaseReport(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Values of the file that were not compared, as "section.key" (or a whole section's name). */
  public List<String> skipped() {
    return skipped;
  }

  void skip(String quantity) {
    skipped.add(quantity);
  }

  void compare(String quantity, double[] ours, double[] ref) {
    entries.add(new Entry(quantity, relativeError(ours, ref)));
  }

  void compare(String quantity, double ours, double ref) {
    compare(quantity, new double[] {ours}, new double[] {ref});
  }

  /** The largest error of the case (NaN counts as infinitely wrong). */
  public double maxError() {
    double m = 0;
    for (Entry e : entries) {
      m = Math.max(m, Double.isNaN(e.relError) ? Double.POSITIVE_INFINITY : e.relError);
    }
    return m;
  }

  public static double relativeError(double[] ours, double[] ref) {
    return org.sparkrnn.train.GradientCheck.relativeError(ours, ref);
  }
}
