package org.sparkrnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real (short) training run, opened in headless Chromium (Debian's chromium
 * package) with networking off: the screenshot must show the page's charts. Without chromium the
 * test is skipped, unless CI is set (then it fails).
 */
class ReportIT {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SPARK_RNN_CHROMIUM", "/usr/bin/chromium"));

  private static void run(Path log, List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd) + "\n" + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + "\n" + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static List<String> sparkRnn(String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("jobs", "spark-rnn").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void reportOfARealRunRendersInHeadlessChromium(@TempDir Path dir) throws Exception {
    boolean present = Files.isExecutable(CHROMIUM);
    if (System.getenv("CI") != null) {
      assertTrue(present, CHROMIUM + " is missing (CI installs Debian's chromium package)");
    }
    Assumptions.assumeTrue(present, CHROMIUM + " is not installed; skipping the browser check");

    Path run = dir.resolve("run");
    run(dir.resolve("train.log"), sparkRnn("train", "--master", "local[2]", "--quiet",
        "--output", run.toString(), "--set", "data.path=" + Path.of("data/sample-corpus.txt").toAbsolutePath(),
        "--set", "data.kind=char_lm", "--set", "data.window=32", "--set", "model.cell=elman",
        "--set", "model.hidden=16", "--set", "train.batch=16", "--set", "train.epochs=0",
        "--set", "train.steps=40", "--set", "train.lr=0.01", "--set", "train.clip_threshold=1",
        "--set", "train.diagnostics.every=4", "--set", "output.validate_every=10"));
    run(dir.resolve("report.log"), sparkRnn("report", "--run", run.toString()));
    Path page = run.resolve("report/index.html");
    assertTrue(Files.isRegularFile(page), read(dir.resolve("report.log")));

    Path shot = dir.resolve("screenshot.png");
    Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
    run(dir.resolve("chromium.log"), List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--screenshot=" + shot, "--window-size=1200,1600", page.toUri().toString()));
    assertTrue(Files.size(shot) > 10_000, "screenshot " + shot + " is (nearly) empty");
    BufferedImage img = ImageIO.read(shot.toFile());
    assertEquals(1200, img.getWidth());
    assertEquals(1600, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        colours.add(img.getRGB(x, y) & 0xffffff);
      }
    }
    assertTrue(colours.size() > 200, "a blank or bare page: " + colours.size() + " colours");
    // the charts' line colours (training loss, validation loss, gradient norm) are on screen
    for (int c : new int[] {0x1f77b4, 0xff7f0e, 0x2ca02c}) {
      assertTrue(colours.contains(c), String.format("colour #%06x is not in the screenshot", c));
    }
  }
}
