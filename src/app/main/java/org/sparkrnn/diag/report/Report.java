package org.sparkrnn.diag.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.sparkrnn.config.Settings;

/**
 * The report of one training run: reads RUN/metrics.jsonl (and RUN/config.conf for the clipping
 * threshold, when present), draws the charts with Java2D and writes RUN/report/index.html — one
 * self-contained page, every chart inlined as a base64 PNG, inline CSS, no script and no URL —
 * plus each chart as RUN/report/NAME.png. The page is written to a temporary file and renamed,
 * so a failed run leaves no half page.
 */
public final class Report {
  static final Color LOSS = new Color(31, 119, 180);
  static final Color VALIDATION = new Color(255, 127, 14);
  static final Color NORM = new Color(44, 160, 44);
  static final Color THRESHOLD = new Color(214, 39, 40);
  static final Color RATE = new Color(140, 86, 75);
  static final Color LR = new Color(148, 103, 189);
  static final Color[] LAYERS = {LOSS, VALIDATION, NORM, THRESHOLD, LR, RATE};
  private static final int W = 960;
  private static final int H = 380;

  private Report() {}

  /** What was written: the page and the PNG files. */
  public record Written(Path page, List<Path> images) {}

  /** Whether every loss is positive and the largest is over 100 times the smallest. */
  static boolean spansDecades(List<double[]> a, List<double[]> b) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (List<double[]> points : List.of(a, b)) {
      for (double[] p : points) {
        if (!(p[1] > 0) || !Double.isFinite(p[1])) {
          return false;
        }
        min = Math.min(min, p[1]);
        max = Math.max(max, p[1]);
      }
    }
    return max > 100 * min;
  }

  public static Written write(Path runDir) {
    System.setProperty("java.awt.headless", "true");
    RunMetrics m = RunMetrics.read(runDir.resolve("metrics.jsonl"));
    double clipThreshold = clipThreshold(runDir.resolve("config.conf"));
    Map<String, Figure> figures = new LinkedHashMap<>();
    // a log axis when the losses span more than two decades: spikes would flatten the rest
    boolean logLoss = spansDecades(m.loss, m.valLoss);
    LineChart loss = new LineChart("Loss", "training step", logLoss ? "loss (log)" : "loss", logLoss)
        .add(new LineChart.Series("training loss", LOSS, m.loss, false));
    if (!m.valLoss.isEmpty()) {
      loss.add(new LineChart.Series("validation loss", VALIDATION, m.valLoss, true));
    }
    figures.put("loss", new Figure(loss.render(W, H), "Training loss per step and validation loss"
        + " where measured (the point at step 0 is the validation before training)."));
    LineChart norm = new LineChart("Gradient norm before clipping", "training step",
        "global L2 norm (log)", true)
        .add(new LineChart.Series("gradient norm", NORM, m.gradNorm, false));
    if (Double.isFinite(clipThreshold)) {
      norm.reference(clipThreshold, "clip threshold " + Axis.label(clipThreshold), THRESHOLD);
    }
    figures.put("grad_norm", new Figure(norm.render(W, H), "Global gradient norm of each step"
        + " before clipping; steps above the dashed threshold were scaled down to it."));
    int window = (int) Math.max(1, Math.min(50, m.clipped.size() / 10));
    figures.put("clip_rate", new Figure(new LineChart("Clipping rate", "training step",
        "share of steps clipped", false).yRange(0, 1)
        .add(new LineChart.Series("clipped, last " + window + " steps", RATE,
            m.clippingRate(window), false)).render(W, H),
        String.format(Locale.ROOT, "Share of the last %d steps that were clipped; %d of %d steps"
            + " in all.", window, m.clippedCount(), m.clipped.size())));
    figures.put("lr", new Figure(new LineChart("Learning rate", "training step", "learning rate",
        false).add(new LineChart.Series("learning rate", LR, m.lr, false)).render(W, H),
        "The scheduled learning rate of each step."));
    int layers = m.flows.stream().mapToInt(f -> f.length).max().orElse(0);
    for (int l = 0; l < layers; l++) {
      List<double[]> cols = new ArrayList<>();
      for (double[][] f : m.flows) {
        cols.add(l < f.length ? f[l] : new double[0]);
      }
      figures.put("flow_l" + l, new Figure(new HeatMap("Gradient flow, layer " + l, m.flowSteps,
          cols).render(W, H + 40), "‖∂L/∂h_t‖ of layer " + l + " at each diagnosed step (x) and"
          + " time step t of the window (y), colour = log10 of the norm. Gradient flows from the"
          + " top row (last step) down to t = 0: a column that darkens downwards is a vanishing"
          + " gradient, one that brightens an exploding one."));
    }
    if (!m.flows.isEmpty()) {
      double[][] last = m.flows.get(m.flows.size() - 1);
      long step = m.flowSteps.get(m.flowSteps.size() - 1) + 1;
      LineChart profile = new LineChart("Gradient-flow profile at step " + step,
          "time step t in the window", "‖∂L/∂h_t‖ (log)", true);
      for (int l = 0; l < last.length; l++) {
        List<double[]> pts = new ArrayList<>();
        for (int t = 0; t < last[l].length; t++) {
          pts.add(new double[] {t, last[l][t]});
        }
        profile.add(new LineChart.Series("layer " + l, LAYERS[l % LAYERS.length], pts, true));
      }
      figures.put("flow_profile", new Figure(profile.render(W, H),
          "The last diagnosed step's profile per layer: the slope is the decay per step."));
    }
    Path dir = runDir.resolve("report");
    try {
      Files.createDirectories(dir);
      List<Path> images = new ArrayList<>();
      Map<String, byte[]> pngs = new LinkedHashMap<>();
      for (Map.Entry<String, Figure> e : figures.entrySet()) {
        byte[] png = png(e.getValue().image);
        pngs.put(e.getKey(), png);
        Path file = dir.resolve(e.getKey() + ".png");
        writeAtomically(file, png);
        images.add(file);
      }
      String html = html(runDir, m, figures, pngs, clipThreshold);
      Path page = dir.resolve("index.html");
      writeAtomically(page, html.getBytes(StandardCharsets.UTF_8));
      return new Written(page, images);
    } catch (IOException e) {
      throw new ReportException("cannot write the report under " + dir + ": " + e.getMessage());
    }
  }

  private record Figure(BufferedImage image, String caption) {}

  /** The norm-clipping threshold in force, NaN without norm clipping or a readable config. */
  static double clipThreshold(Path config) {
    if (!Files.isRegularFile(config)) {
      return Double.NaN;
    }
    try {
      Settings s = Settings.read(config);
      return s.getString("train.clip").equals("norm") ? s.getDouble("train.clip_threshold")
          : Double.NaN;
    } catch (IOException | RuntimeException e) {
      return Double.NaN; // the report does without the line
    }
  }

  static byte[] png(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String html(Path runDir, RunMetrics m, Map<String, Figure> figures,
      Map<String, byte[]> pngs, double clipThreshold) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>spark-rnn report: ").append(esc(runDir.getFileName() == null ? "run"
            : runDir.getFileName().toString())).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:24px auto;max-width:1000px;color:#222;")
        .append("background:#fff}\nh1{font-size:22px}h2{font-size:17px;margin-top:28px}\n")
        .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;")
        .append("padding:4px 10px;text-align:left}th{background:#f2f2f2}\n")
        .append("figure{margin:18px 0}img{max-width:100%;border:1px solid #ddd}\n")
        .append("figcaption{font-size:13px;color:#555;margin-top:4px}\n")
        .append(".warn{color:#a40000;font-size:13px}\n</style>\n</head>\n<body>\n");
    b.append("<h1>spark-rnn training report</h1>\n<p>Run <code>").append(esc(runDir.toString()))
        .append("</code>, report made ").append(esc(Instant.now().toString())).append(".</p>\n");
    b.append("<table>\n");
    row(b, "steps", Long.toString(m.steps));
    if (!m.loss.isEmpty()) {
      row(b, "final training loss", Axis.label(m.loss.get(m.loss.size() - 1)[1]));
    }
    if (!m.valLoss.isEmpty()) {
      double[] best = m.valLoss.stream().filter(p -> Double.isFinite(p[1]))
          .min((p, q) -> Double.compare(p[1], q[1])).orElse(m.valLoss.get(0));
      row(b, "validation loss: first / last / best",
          Axis.label(m.valLoss.get(0)[1]) + " / " + Axis.label(m.valLoss.get(m.valLoss.size() - 1)[1])
              + " / " + Axis.label(best[1]) + " (step " + (long) best[0] + ")");
    }
    row(b, "clipped steps", m.clippedCount() + " of " + m.clipped.size()
        + (Double.isFinite(clipThreshold) ? " (norm threshold " + Axis.label(clipThreshold) + ")" : ""));
    row(b, "skipped steps (non-finite)", Long.toString(m.skipped));
    row(b, "diagnosed steps", Integer.toString(m.flowSteps.size()));
    row(b, "warnings", Integer.toString(m.warnings.size()));
    b.append("</table>\n");
    for (Map.Entry<String, Figure> e : figures.entrySet()) {
      String name = e.getKey();
      b.append("<figure id=\"").append(name).append("\">\n<img alt=\"").append(name)
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(pngs.get(name))).append("\">\n<figcaption>")
          .append(esc(e.getValue().caption)).append(" (").append(name).append(".png)")
          .append("</figcaption>\n</figure>\n");
    }
    if (m.flowSteps.isEmpty()) {
      b.append("<p>No gradient-flow profile was recorded: set <code>train.diagnostics.every</code>")
          .append(" to measure one every N steps.</p>\n");
    }
    if (!m.warnings.isEmpty()) {
      b.append("<h2>Warnings</h2>\n<ul class=\"warn\">\n");
      int shown = Math.min(100, m.warnings.size());
      for (int i = 0; i < shown; i++) {
        b.append("<li>").append(esc(m.warnings.get(i))).append("</li>\n");
      }
      if (shown < m.warnings.size()) {
        b.append("<li>… and ").append(m.warnings.size() - shown).append(" more</li>\n");
      }
      b.append("</ul>\n");
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
