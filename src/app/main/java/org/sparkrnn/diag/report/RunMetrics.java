package org.sparkrnn.diag.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The series a report draws, read from a run's metrics.jsonl (one JSON object per step, see
 * spark/MetricsLog): training loss, gradient norm, clipped flag, learning rate per step; the
 * validation loss where measured (step −1 = before training, drawn at step 0); the gradient-flow
 * profiles of the diagnosed steps; every warning. Steps are drawn 1-based (after k steps).
 */
public final class RunMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final List<double[]> loss = new ArrayList<>(); // {step, loss}
  public final List<double[]> gradNorm = new ArrayList<>();
  public final List<double[]> lr = new ArrayList<>();
  public final List<double[]> valLoss = new ArrayList<>();
  public final List<Boolean> clipped = new ArrayList<>();
  public final List<Long> clippedSteps = new ArrayList<>();
  /** Diagnosed steps, in order: the step and its per-layer flow norms (null entries = no value). */
  public final List<Long> flowSteps = new ArrayList<>();
  public final List<double[][]> flows = new ArrayList<>();
  public final List<String> warnings = new ArrayList<>(); // "step N: text"
  public long skipped;
  public long steps;

  /**
   * Reads {@code file}.
   *
   * @throws ReportException when it is missing, unreadable, empty, or a line is not a JSON object
   *     with a numeric "step" — naming the file and line
   */
  public static RunMetrics read(Path file) {
    RunMetrics m = new RunMetrics();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new ReportException(file + " line " + n + ": not valid JSON ("
              + e.getOriginalMessage().replaceAll("\\s+", " ") + ")");
        }
        if (node == null || !node.isObject() || !node.path("step").isNumber()) {
          throw new ReportException(file + " line " + n + ": expected a JSON object with a numeric \"step\"");
        }
        m.add(node, file, n);
      }
    } catch (NoSuchFileException e) {
      throw new ReportException("no metrics: " + file + " does not exist (is this a training run's output directory?)");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new ReportException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage());
    }
    if (m.loss.isEmpty() && m.valLoss.isEmpty()) {
      throw new ReportException(file + " holds no training steps");
    }
    return m;
  }

  private void add(JsonNode node, Path file, int line) {
    long step = node.get("step").asLong();
    double x = step + 1;
    if (node.has("val_loss")) {
      valLoss.add(new double[] {Math.max(0, x), number(node.get("val_loss"))});
    }
    if (step < 0) {
      return;
    }
    steps = Math.max(steps, step + 1);
    if (node.path("skipped").asBoolean(false)) {
      skipped++;
    }
    if (node.has("loss")) {
      loss.add(new double[] {x, number(node.get("loss"))});
    }
    if (node.has("grad_norm")) {
      gradNorm.add(new double[] {x, number(node.get("grad_norm"))});
      boolean c = node.path("clipped").asBoolean(false);
      clipped.add(c);
      clippedSteps.add(step);
    }
    if (node.has("lr")) {
      lr.add(new double[] {x, number(node.get("lr"))});
    }
    JsonNode flow = node.get("flow");
    if (flow != null && !flow.isNull()) {
      if (!flow.isArray()) {
        throw new ReportException(file + " line " + line + ": \"flow\" must be an array of arrays");
      }
      double[][] layers = new double[flow.size()][];
      for (int l = 0; l < flow.size(); l++) {
        JsonNode row = flow.get(l);
        if (!row.isArray()) {
          throw new ReportException(file + " line " + line + ": \"flow\" must be an array of arrays");
        }
        layers[l] = new double[row.size()];
        for (int t = 0; t < row.size(); t++) {
          layers[l][t] = number(row.get(t));
        }
      }
      flowSteps.add(step);
      flows.add(layers);
    }
    JsonNode w = node.get("warnings");
    if (w != null && w.isArray()) {
      for (JsonNode s : w) {
        warnings.add("step " + (step + 1) + ": " + s.asText());
      }
    }
  }

  /** A number, or NaN for null / "NaN" / a non-number. */
  private static double number(JsonNode v) {
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    try {
      return Double.parseDouble(v.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Share of clipped steps in a trailing window of {@code window} steps, per step. */
  public List<double[]> clippingRate(int window) {
    List<double[]> out = new ArrayList<>();
    int inWindow = 0;
    for (int i = 0; i < clipped.size(); i++) {
      inWindow += clipped.get(i) ? 1 : 0;
      if (i >= window) {
        inWindow -= clipped.get(i - window) ? 1 : 0;
      }
      int n = Math.min(i + 1, window);
      out.add(new double[] {clippedSteps.get(i) + 1, inWindow / (double) n});
    }
    return out;
  }

  public long clippedCount() {
    return clipped.stream().filter(b -> b).count();
  }
}
