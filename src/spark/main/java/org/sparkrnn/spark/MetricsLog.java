package org.sparkrnn.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkrnn.diag.StepDiagnostics;

/**
 * metrics.jsonl under the output directory: one JSON object per line, flushed as written. On
 * resume the lines of steps before the resumed step are kept and the rest dropped, so the file
 * reads as one uninterrupted run.
 *
 * <p>Diagnostics ({@link #putDiagnostics}): on a measured step "flow" (per layer, the
 * gradient-flow norms for t = 0..T−1), "flow_decay", "flow_ratio", "sigma_max",
 * "spectral_radius", "saturated", "dead_relu" (per layer; null where undefined); on any step with
 * a warning, "warnings" (strings beginning "vanishing:" or "exploding:").
 */
final class MetricsLog implements Closeable {
  static final String FILE = "metrics.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FSDataOutputStream out;

  private MetricsLog(FSDataOutputStream out) {
    this.out = out;
  }

  static MetricsLog open(String dir, Configuration conf, long keepBeforeStep) throws IOException {
    if (dir == null) {
      return new MetricsLog(null);
    }
    Path path = new Path(dir, FILE);
    FileSystem fs = HadoopFs.of(path, conf);
    List<String> kept = new ArrayList<>();
    if (keepBeforeStep > 0 && fs.exists(path)) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          var node = line.isBlank() ? null : JSON.readTree(line);
          if (node != null && node.has("step") && node.get("step").asLong() < keepBeforeStep) {
            kept.add(line);
          }
        }
      }
    }
    FSDataOutputStream out = fs.create(path, true);
    for (String line : kept) {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.hflush();
    return new MetricsLog(out);
  }

  ObjectNode newRecord() {
    return JSON.createObjectNode();
  }

  /** Adds a step's diagnostics fields (none when it was not measured and has no warnings). */
  static void putDiagnostics(ObjectNode r, StepDiagnostics d) {
    if (d == null) {
      return;
    }
    if (d.measured()) {
      if (d.flow() != null) {
        ArrayNode flow = r.putArray("flow");
        for (double[] layer : d.flow()) {
          numbers(flow.addArray(), layer);
        }
        numbers(r.putArray("flow_decay"), d.flowDecay());
        numbers(r.putArray("flow_ratio"), d.flowRatio());
      }
      numbers(r.putArray("sigma_max"), d.sigmaMax());
      numbers(r.putArray("spectral_radius"), d.spectralRadius());
      numbers(r.putArray("saturated"), d.saturated());
      numbers(r.putArray("dead_relu"), d.deadRelu());
    }
    if (d.hasWarnings()) {
      ArrayNode w = r.putArray("warnings");
      d.warnings().forEach(w::add);
    }
  }

  /** Finite values as numbers, NaN and ±Inf as null (JSON has no NaN). */
  private static void numbers(ArrayNode into, double[] values) {
    for (double v : values) {
      if (Double.isFinite(v)) {
        into.add(v);
      } else {
        into.addNull();
      }
    }
  }

  void write(ObjectNode record) throws IOException {
    if (out == null) {
      return;
    }
    out.write((JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
    out.hflush();
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
