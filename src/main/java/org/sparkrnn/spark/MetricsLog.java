package org.sparkrnn.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * metrics.jsonl under the output directory: one JSON object per line, flushed as written. On
 * resume the lines of steps before the resumed step are kept and the rest dropped, so the file
 * reads as one uninterrupted run.
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
