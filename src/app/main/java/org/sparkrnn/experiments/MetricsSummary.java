package org.sparkrnn.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one training run's {@code metrics.jsonl} says, in the numbers the experiment tables show.
 *
 * <p>"Final train loss" is the mean training loss of the last {@link #tail} finite steps (a tenth of
 * the run, at least 1 and at most 50), since a single minibatch's loss is noisy. "Final val loss" is
 * the last validation; "best" the lowest. A step is bad when its update was skipped (its loss or
 * gradient was not finite). The gradient-flow profile is layer 0's {@code "flow"} of the first and
 * the last step that recorded one (diagnostics on).
 *
 * @param steps training steps recorded
 * @param initialValLoss validation before training (NaN if none)
 * @param firstBadStep first step whose update was skipped as non-finite, −1 if none
 * @param firstBlowUpStep first step whose loss exceeded 1000 × the first step's loss, −1 if none
 * @param clippedFraction share of the steps whose gradient was clipped
 * @param medianTokensPerS median of the steps' tokens/s
 * @param medianStepMs median step wall time in ms
 * @param flowHistory one {step, first-to-last ratio, decay per step} per step that recorded a
 *     profile (layer 0; decay from "flow_decay", NaN when absent)
 * @param medianComputeMs median of the slowest task's forward + backward time per step, in ms (the
 *     step without Spark's scheduling, broadcast and gathering)
 */
public record MetricsSummary(
    long steps,
    double finalTrainLoss,
    int tail,
    double initialValLoss,
    double finalValLoss,
    double bestValLoss,
    long bestValStep,
    long firstBadStep,
    long badSteps,
    long firstBlowUpStep,
    double maxLoss,
    double maxGradNorm,
    double clippedFraction,
    double medianTokensPerS,
    double medianStepMs,
    double medianComputeMs,
    long firstFlowStep,
    double[] firstFlow,
    long lastFlowStep,
    double[] lastFlow,
    List<double[]> flowHistory) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** Reads {@code file}; a line that is not JSON is an error naming the file and line. */
  public static MetricsSummary read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no metrics file (the run wrote none)");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<JsonNode> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        records.add(JSON.readTree(lines.get(i)));
      } catch (JsonProcessingException e) {
        throw new IOException(file + " line " + (i + 1) + ": not a JSON object ("
            + e.getOriginalMessage() + ")");
      }
    }
    return of(records);
  }

  static MetricsSummary of(List<JsonNode> records) {
    List<Double> losses = new ArrayList<>();
    List<Double> tokensPerS = new ArrayList<>();
    List<Double> stepMs = new ArrayList<>();
    List<Double> computeMs = new ArrayList<>();
    long steps = 0;
    double initialVal = Double.NaN;
    double finalVal = Double.NaN;
    double bestVal = Double.NaN;
    long bestValStep = -1;
    long firstBad = -1;
    long bad = 0;
    long blowUp = -1;
    double firstLoss = Double.NaN;
    double maxLoss = Double.NaN;
    double maxGrad = Double.NaN;
    long clipped = 0;
    long firstFlowStep = -1;
    double[] firstFlow = null;
    long lastFlowStep = -1;
    double[] lastFlow = null;
    List<double[]> flowHistory = new ArrayList<>();
    for (JsonNode r : records) {
      long step = r.path("step").asLong(-1);
      if (r.has("val_loss")) {
        double v = number(r.get("val_loss"));
        if (step < 0) {
          initialVal = v;
        } else {
          finalVal = v;
          if (Double.isFinite(v) && !(v >= bestVal)) {
            bestVal = v;
            bestValStep = step;
          }
        }
      }
      if (step < 0 || !r.has("loss")) {
        continue;
      }
      steps++;
      double loss = number(r.get("loss"));
      boolean skipped = r.path("skipped").asBoolean(false);
      if (skipped || !Double.isFinite(loss)) {
        bad++;
        if (firstBad < 0) {
          firstBad = step;
        }
      }
      if (Double.isFinite(loss)) {
        losses.add(loss);
        if (Double.isNaN(firstLoss)) {
          firstLoss = loss;
        } else if (blowUp < 0 && loss > 1000 * firstLoss) {
          blowUp = step;
        }
      }
      maxLoss = maxOf(maxLoss, loss);
      maxGrad = maxOf(maxGrad, number(r.get("grad_norm")));
      if (r.path("clipped").asBoolean(false)) {
        clipped++;
      }
      addFinite(tokensPerS, r.get("tokens_per_s"));
      addFinite(stepMs, r.get("step_ms"));
      addFinite(computeMs, r.get("max_task_compute_ms"));
      double[] flow = firstLayer(r.get("flow"));
      if (flow != null) {
        if (firstFlow == null) {
          firstFlow = flow;
          firstFlowStep = step;
        }
        lastFlow = flow;
        lastFlowStep = step;
        JsonNode decay = r.path("flow_decay");
        flowHistory.add(new double[] {step, firstToLast(flow),
            decay.isArray() && !decay.isEmpty() ? number(decay.get(0)) : Double.NaN});
      }
    }
    int tail = (int) Math.max(1, Math.min(50, losses.size() / 10));
    double finalTrain = Double.NaN;
    if (!losses.isEmpty()) {
      double s = 0;
      for (int i = losses.size() - tail; i < losses.size(); i++) {
        s += losses.get(i);
      }
      finalTrain = s / tail;
    }
    return new MetricsSummary(steps, finalTrain, tail, initialVal, finalVal, bestVal, bestValStep,
        firstBad, bad, blowUp, maxLoss, maxGrad, steps == 0 ? Double.NaN : clipped / (double) steps,
        median(tokensPerS), median(stepMs), median(computeMs), firstFlowStep, firstFlow,
        lastFlowStep, lastFlow, List.copyOf(flowHistory));
  }

  /** A JSON number, or NaN for null/absent/"NaN"/"Infinity" strings (Jackson writes those as text). */
  static double number(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return Double.NaN;
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    String s = n.asText();
    return switch (s) {
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.NaN;
    };
  }

  private static double[] firstLayer(JsonNode flow) {
    if (flow == null || !flow.isArray() || flow.isEmpty() || !flow.get(0).isArray()) {
      return null;
    }
    JsonNode layer = flow.get(0);
    double[] out = new double[layer.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(layer.get(i));
    }
    return out;
  }

  private static double maxOf(double acc, double v) {
    if (Double.isNaN(v)) {
      return acc;
    }
    return Double.isNaN(acc) ? v : Math.max(acc, v);
  }

  private static void addFinite(List<Double> list, JsonNode n) {
    double v = number(n);
    if (Double.isFinite(v)) {
      list.add(v);
    }
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  /** ‖∂L/∂h_0‖ / ‖∂L/∂h_{T−1}‖ of a profile: how much of the last step's gradient reaches t = 0. */
  public static double firstToLast(double[] flow) {
    if (flow == null || flow.length == 0) {
      return Double.NaN;
    }
    return flow[0] / flow[flow.length - 1];
  }
}
