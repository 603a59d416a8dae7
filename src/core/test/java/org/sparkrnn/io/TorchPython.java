package org.sparkrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python interpreter with PyTorch that the interop tests run src/core/test/python/torch_roundtrip.py
 * with: $SPARK_RNN_PYTHON (set by .ci/run; then a missing torch fails the test), else
 * /usr/bin/python3 (Debian's python3-torch; without torch the tests are skipped).
 */
public final class TorchPython {
  public static final Path SCRIPT_DIR = Path.of("src", "core", "test", "python");
  public static final Path ROUNDTRIP = SCRIPT_DIR.resolve("torch_roundtrip.py");
  public static final Path SNIPPET = SCRIPT_DIR.resolve("spark_rnn_torch.py");

  private static String checked;

  private TorchPython() {}

  /** The interpreter, after checking it imports torch (skips or fails the test as above). */
  public static synchronized String require() throws IOException, InterruptedException {
    if (checked != null) {
      return checked;
    }
    String env = System.getenv("SPARK_RNN_PYTHON");
    String python = env == null || env.isBlank() ? "/usr/bin/python3" : env;
    Result probe = run(120, python, "-c", "import torch; print(torch.__version__)");
    if (probe.code != 0) {
      String[] lines = probe.output.strip().split("\\R");
      String why = python + " cannot import torch: " + lines[lines.length - 1];
      if (env != null && !env.isBlank()) {
        fail("SPARK_RNN_PYTHON is set but " + why);
      }
      Assumptions.assumeTrue(false, why + " (install Debian's python3-torch or set SPARK_RNN_PYTHON)");
    }
    checked = python;
    return python;
  }

  /** Runs {@code torch_roundtrip.py command cases.json}; fails the test with its output unless 0. */
  public static String roundtrip(String command, Path cases) throws IOException, InterruptedException {
    String python = require();
    Result r = run(600, python, ROUNDTRIP.toString(), command, cases.toString());
    assertEquals(0, r.code, "torch_roundtrip.py " + command + " failed:\n" + r.output);
    assertTrue(r.output.contains("torch "), r.output);
    return r.output;
  }

  public record Result(int code, String output) {}

  public static Result run(long seconds, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("OMP_NUM_THREADS", "1");
    Path log = Files.createTempFile("torch-python", ".log");
    try {
      pb.redirectOutput(log.toFile());
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        return new Result(127, "cannot start " + command[0] + ": " + e.getMessage());
      }
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(124, "timed out after " + seconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
