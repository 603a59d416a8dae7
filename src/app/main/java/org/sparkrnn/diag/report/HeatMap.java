package org.sparkrnn.diag.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The gradient-flow heat map of one layer: x = diagnosed training step (one column each, in
 * order), y = time step t of the window (t = 0 at the bottom, the last step at the top; the
 * gradient flows down), colour = log10 of the flow norm on a viridis-like scale (dark purple
 * small, yellow large). Cells without a value (a shorter window, a zero norm) are light grey.
 */
final class HeatMap {
  // viridis at 0, 1/8, …, 1
  private static final int[][] SCALE = {
      {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
      {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};
  static final Color MISSING = new Color(215, 215, 215);

  private final String title;
  private final List<Long> steps;
  private final List<double[]> columns;

  /** {@code columns.get(c)[t]}: the norm at time step t of diagnosed step {@code steps.get(c)}. */
  HeatMap(String title, List<Long> steps, List<double[]> columns) {
    this.title = title;
    this.steps = steps;
    this.columns = columns;
  }

  static Color colour(double f) {
    double x = Math.max(0, Math.min(1, f)) * (SCALE.length - 1);
    int i = Math.min((int) x, SCALE.length - 2);
    double a = x - i;
    int[] p = SCALE[i];
    int[] q = SCALE[i + 1];
    return new Color((int) Math.round(p[0] + a * (q[0] - p[0])),
        (int) Math.round(p[1] + a * (q[1] - p[1])), (int) Math.round(p[2] + a * (q[2] - p[2])));
  }

  BufferedImage render(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, 78, 24);
    int left = 78;
    int top = 44;
    int w = width - left - 110;
    int h = height - top - 52;
    int rows = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] col : columns) {
      rows = Math.max(rows, col.length);
      for (double v : col) {
        if (v > 0 && Double.isFinite(v)) {
          lo = Math.min(lo, Math.log10(v));
          hi = Math.max(hi, Math.log10(v));
        }
      }
    }
    if (columns.isEmpty() || rows == 0 || lo > hi) {
      g.setColor(Color.GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      g.drawString("no gradient-flow data", left + w / 2 - 60, top + h / 2);
      g.dispose();
      return img;
    }
    if (hi - lo < 1e-12) {
      lo -= 0.5;
      hi += 0.5;
    }
    int n = columns.size();
    for (int c = 0; c < n; c++) {
      int x0 = left + (int) Math.floor(c * (double) w / n);
      int x1 = left + (int) Math.floor((c + 1) * (double) w / n);
      double[] col = columns.get(c);
      for (int t = 0; t < rows; t++) {
        int y1 = top + h - (int) Math.floor(t * (double) h / rows);
        int y0 = top + h - (int) Math.floor((t + 1) * (double) h / rows);
        double v = t < col.length ? col[t] : Double.NaN;
        g.setColor(v > 0 && Double.isFinite(v) ? colour((Math.log10(v) - lo) / (hi - lo)) : MISSING);
        g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
      }
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawRect(left, top, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int labelEvery = Math.max(1, (n + 9) / 10);
    for (int c = 0; c < n; c += labelEvery) {
      int px = left + (int) Math.round((c + 0.5) * w / n);
      String s = Long.toString(steps.get(c) + 1);
      g.drawString(s, px - g.getFontMetrics().stringWidth(s) / 2, top + h + 16);
    }
    int tEvery = (int) Axis.nice(Math.max(1, rows / 6.0));
    for (int t = 0; t < rows; t += tEvery) {
      int py = top + h - (int) Math.round((t + 0.5) * h / rows);
      String s = Integer.toString(t);
      g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), py + 4);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    String xl = "training step (diagnosed steps)";
    g.drawString(xl, left + w / 2 - g.getFontMetrics().stringWidth(xl) / 2, top + h + 38);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    String yl = "time step t in the window";
    r.drawString(yl, -(top + h / 2) - r.getFontMetrics().stringWidth(yl) / 2, 18);
    r.dispose();
    colourBar(g, left + w + 22, top, h, lo, hi);
    g.dispose();
    return img;
  }

  private static void colourBar(Graphics2D g, int x, int top, int h, double lo, double hi) {
    for (int i = 0; i < h; i++) {
      g.setColor(colour(1 - i / (double) (h - 1)));
      g.fillRect(x, top + i, 16, 1);
    }
    g.setColor(Color.BLACK);
    g.drawRect(x, top, 16, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int k = 0; k <= 4; k++) {
      double v = lo + (hi - lo) * k / 4;
      int py = top + h - (int) Math.round(k * (h - 1) / 4.0);
      g.drawString(String.format(java.util.Locale.ROOT, "%.2f", v), x + 20, py + 4);
    }
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(Math.PI / 2);
    r.drawString("log10 ‖∂L/∂h_t‖", top + h / 2 - 45, -(x + 70));
    r.dispose();
  }
}
