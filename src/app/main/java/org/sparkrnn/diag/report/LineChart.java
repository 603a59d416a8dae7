package org.sparkrnn.diag.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart drawn with Java2D: series of (x, y) points against training step, linear or log10
 * y axis, an optional horizontal reference line (e.g. the clipping threshold) and a legend.
 * Non-finite points (and non-positive ones on a log axis) break the line.
 */
final class LineChart {
  record Series(String name, Color color, List<double[]> points, boolean markers) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();
  private double refValue = Double.NaN;
  private String refLabel;
  private Color refColor;
  private double yMin = Double.NaN;
  private double yMax = Double.NaN;

  LineChart(String title, String xLabel, String yLabel, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logY = logY;
  }

  LineChart add(Series s) {
    series.add(s);
    return this;
  }

  LineChart reference(double value, String label, Color color) {
    refValue = value;
    refLabel = label;
    refColor = color;
    return this;
  }

  /** Fixes the y range (linear axes), e.g. [0, 1] for a rate. */
  LineChart yRange(double min, double max) {
    yMin = min;
    yMax = max;
    return this;
  }

  BufferedImage render(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    Frame f = new Frame(width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString(title, f.left, 24);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (Series s : series) {
      for (double[] p : s.points) {
        xs.add(p[0]);
        ys.add(p[1]);
      }
    }
    if (Double.isFinite(refValue)) {
      ys.add(refValue);
    }
    if (Double.isFinite(yMin)) {
      ys.add(yMin);
      ys.add(yMax);
    }
    Axis x = Axis.spanning(xs, false, false);
    Axis y = Double.isFinite(yMin) ? Axis.spanning(List.of(yMin, yMax), false, false)
        : Axis.spanning(ys, logY, true);
    if (x == null || y == null) {
      f.frame(g);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      g.setColor(Color.GRAY);
      g.drawString("no data", f.left + f.w / 2 - 25, f.top + f.h / 2);
      g.dispose();
      return img;
    }
    f.grid(g, x, y, xLabel, yLabel);
    g.setClip(f.left, f.top, f.w + 1, f.h + 1);
    if (Double.isFinite(refValue) && y.plottable(refValue)) {
      g.setColor(refColor);
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
          new float[] {6, 4}, 0));
      int py = f.py(y, refValue);
      g.drawLine(f.left, py, f.left + f.w, py);
    }
    for (Series s : series) {
      g.setColor(s.color);
      g.setStroke(new BasicStroke(s.markers ? 1.2f : 1.8f));
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (double[] p : s.points) {
        if (!y.plottable(p[1]) || !Double.isFinite(p[0])) {
          pen = false;
          continue;
        }
        double px = f.left + x.fraction(p[0]) * f.w;
        double py = f.top + (1 - y.fraction(p[1])) * f.h;
        if (pen) {
          path.lineTo(px, py);
        } else {
          path.moveTo(px, py);
          pen = true;
        }
        if (s.markers) {
          g.fillOval((int) px - 3, (int) py - 3, 7, 7);
        }
      }
      g.draw(path);
    }
    g.setClip(null);
    legend(g, f);
    g.dispose();
    return img;
  }

  private void legend(Graphics2D g, Frame f) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int x = f.left + f.w - 190;
    int y = 14;
    List<Object[]> entries = new ArrayList<>();
    for (Series s : series) {
      entries.add(new Object[] {s.name, s.color});
    }
    if (Double.isFinite(refValue)) {
      entries.add(new Object[] {refLabel, refColor});
    }
    for (Object[] e : entries) {
      g.setColor((Color) e[1]);
      g.fillRect(x, y, 14, 4);
      g.setColor(Color.DARK_GRAY);
      g.drawString((String) e[0], x + 20, y + 6);
      y += 15;
    }
  }

  /** The plot area inside the margins, with its axes, grid and labels. */
  static final class Frame {
    final int left = 78;
    final int top;
    final int w;
    final int h;

    Frame(int width, int height) {
      this.top = 44;
      this.w = width - left - 24;
      this.h = height - top - 52;
    }

    int py(Axis y, double v) {
      return (int) Math.round(top + (1 - y.fraction(v)) * h);
    }

    void frame(Graphics2D g) {
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1));
      g.drawRect(left, top, w, h);
    }

    void grid(Graphics2D g, Axis x, Axis y, String xLabel, String yLabel) {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setStroke(new BasicStroke(1));
      for (double v : y.ticks()) {
        int py = py(y, v);
        g.setColor(new Color(228, 228, 228));
        g.drawLine(left, py, left + w, py);
        g.setColor(Color.DARK_GRAY);
        String s = Axis.label(v);
        g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), py + 4);
      }
      for (double v : x.ticks()) {
        int px = (int) Math.round(left + x.fraction(v) * w);
        g.setColor(new Color(228, 228, 228));
        g.drawLine(px, top, px, top + h);
        g.setColor(Color.DARK_GRAY);
        String s = Axis.label(v);
        g.drawString(s, px - g.getFontMetrics().stringWidth(s) / 2, top + h + 16);
      }
      frame(g);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setColor(Color.BLACK);
      g.drawString(xLabel, left + w / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, top + h + 38);
      Graphics2D r = (Graphics2D) g.create();
      r.rotate(-Math.PI / 2);
      r.drawString(yLabel, -(top + h / 2) - r.getFontMetrics().stringWidth(yLabel) / 2, 18);
      r.dispose();
    }
  }
}
