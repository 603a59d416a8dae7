package org.sparkrnn.diag.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart of bench/time-to-quality.sh: validation loss against wall time, one line per side of
 * its curve.tsv (columns side, seconds, nats_per_char, bits_per_char), in the report's style, with
 * the peer's final loss as a reference line.
 */
public final class QualityChart {
  private static final int W = 960;
  private static final int H = 420;
  private static final Color[] SIDES = {Report.LOSS, Report.VALIDATION, Report.NORM, Report.LR};

  private QualityChart() {}

  /** Reads {@code tsv} and writes the chart to {@code png} (replaced whole, never half written). */
  public static void write(Path tsv, Path png) {
    System.setProperty("java.awt.headless", "true");
    Map<String, List<double[]>> sides = read(tsv);
    LineChart chart = new LineChart("Validation loss against wall time", "seconds from launch",
        "validation loss, nats per character", false);
    int k = 0;
    for (Map.Entry<String, List<double[]>> side : sides.entrySet()) {
      side.getValue().sort((a, b) -> Double.compare(a[0], b[0]));
      chart.add(new LineChart.Series(side.getKey(), SIDES[k++ % SIDES.length], side.getValue(), true));
    }
    List<double[]> peer = sides.get("peer");
    if (peer != null) {
      chart.reference(peer.get(peer.size() - 1)[1], "peer's final loss", Report.THRESHOLD);
    }
    try {
      Report.writeAtomically(png, Report.png(chart.render(W, H)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, List<double[]>> read(Path tsv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(tsv);
    } catch (IOException e) {
      throw new ReportException(tsv + " cannot be read: " + e.getMessage());
    }
    if (lines.isEmpty() || !lines.get(0).startsWith("side\tseconds\tnats_per_char")) {
      throw new ReportException(tsv + " line 1: expected the header side, seconds, nats_per_char,"
          + " bits_per_char");
    }
    Map<String, List<double[]>> sides = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] f = lines.get(i).split("\t");
      double seconds;
      double nats;
      try {
        seconds = Double.parseDouble(f[1]);
        nats = Double.parseDouble(f[2]);
      } catch (RuntimeException e) {
        throw new ReportException(tsv + " line " + (i + 1) + ": expected side, seconds and nats"
            + " per character separated by tabs, got '" + lines.get(i) + "'");
      }
      if (!Double.isFinite(seconds) || !Double.isFinite(nats)) {
        throw new ReportException(tsv + " line " + (i + 1) + ": seconds and loss must be finite");
      }
      sides.computeIfAbsent(f[0], s -> new ArrayList<>()).add(new double[] {seconds, nats});
    }
    if (sides.isEmpty()) {
      throw new ReportException(tsv + " holds no points");
    }
    return sides;
  }
}
