package org.sparkrnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the peer benchmark bench/peers/torch_rnn_throughput.py (PyTorch on the CPU, one thread,
 * float64 or float32) and reads its tokens/s per model. Each problem (no interpreter, no torch, script
 * failed) is reported as one line and gives null, so the bench goes on without the comparison.
 */
final class TorchBaseline {
  /** {@code torch 1.13.0 threads=1 f64 lstm V=65 H=256 T=64 B=32: 13,900 tokens/s} */
  private static final Pattern LINE = Pattern.compile(
      "^torch (\\S+) threads=(\\d+) (\\S+) (\\w+) V=(\\d+) H=(\\d+) T=(\\d+) B=(\\d+): ([\\d,.]+) tokens/s\\s*$");

  /** One model's line of the script's output. */
  record Run(String version, String dtype, int vocab, int hidden, int seq, int batch, double tokensPerSecond) {}

  private TorchBaseline() {}

  /**
   * Runs {@code python script 1 DTYPE} (f64 or f32); returns tokens/s by our model names (rnn is elman), or null
   * after printing why not.
   */
  static Map<String, Run> run(String python, Path script, String dtype, PrintStream out)
      throws InterruptedException {
    if (!Files.isRegularFile(script)) {
      out.println("torch: no benchmark script at " + script + "; skipping the PyTorch comparison"
          + " (give its path with --torch-script)");
      return null;
    }
    Result probe = exec(60, python, "-c", "import torch");
    if (probe == null || probe.code != 0) {
      out.println("torch: " + python + " cannot import torch; skipping the PyTorch comparison"
          + " (see bench/peers/README.md)");
      return null;
    }
    out.println("torch: running " + python + " " + script + " 1 " + dtype + " ...");
    out.flush();
    Result r = exec(1800, python, script.toString(), "1", dtype);
    if (r == null || r.code != 0) {
      String last = r == null ? "could not start or timed out" : lastLine(r.output);
      out.println("torch: the PyTorch benchmark failed (" + last + "); going on without it");
      return null;
    }
    Map<String, Run> runs = new LinkedHashMap<>();
    for (String line : r.output.split("\\R")) {
      Matcher m = LINE.matcher(line.strip());
      if (m.matches()) {
        String model = m.group(4).equals("rnn") ? "elman" : m.group(4);
        runs.put(model, new Run(m.group(1), m.group(3), Integer.parseInt(m.group(5)),
            Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8)),
            Double.parseDouble(m.group(9).replace(",", ""))));
      }
    }
    if (runs.isEmpty()) {
      out.println("torch: no tokens/s lines in the PyTorch benchmark's output (" + lastLine(r.output)
          + "); going on without it");
      return null;
    }
    return runs;
  }

  private record Result(int code, String output) {}

  /** Runs a process with stderr merged into stdout; null when it cannot start or times out. */
  private static Result exec(long timeoutSeconds, String... command) throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // nothing to write to it anyway
    }
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the process died; its exit code tells
      }
    }, "torch-output");
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return null;
    }
    reader.join(10_000); // after join, the reader's appends are visible here
    return new Result(p.exitValue(), output.toString());
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines.length == 0 || lines[lines.length - 1].isBlank() ? "no output" : lines[lines.length - 1].strip();
  }
}
