package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --run DIR} on a real training run, and its one-line errors. */
class ReportCommandTest {

  /** A short character-LM run with diagnostics every 3 steps and validation every 4. */
  static Path diagnosedRun(Path out) {
    List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--quiet",
        "--output", out.toString(), "--set", "data.path=" + TrainedRuns.corpus()));
    for (String s : List.of("data.window=24", "model.hidden=8", "model.layers=2", "train.steps=13",
        "train.epochs=0", "train.batch=8", "train.clip_threshold=0.5",
        "train.diagnostics.every=3", "output.validate_every=4")) {
      args.add("--set");
      args.add(s);
    }
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r::toString);
    return out;
  }

  @Test
  void writesASelfContainedPageAndItsCharts(@TempDir Path tmp) throws Exception {
    Path run = diagnosedRun(tmp.resolve("run"));
    CliRun r = CliRun.of("report", "--run", run.toString());
    assertEquals(0, r.code(), r::toString);
    Path page = run.resolve("report/index.html");
    assertTrue(r.out().contains("report written to " + page), r.out());
    String html = Files.readString(page);
    for (String banned : List.of("http://", "https://", "<script", "<link", "@import", "url(")) {
      assertFalse(html.contains(banned), "the page must not load anything: found " + banned);
    }
    List<String> names = List.of("loss", "grad_norm", "clip_rate", "lr", "flow_l0", "flow_l1",
        "flow_profile");
    Matcher m = Pattern.compile("<img alt=\"([a-z_0-9]+)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
        .matcher(html);
    List<String> inlined = new ArrayList<>();
    while (m.find()) {
      inlined.add(m.group(1));
      byte[] png = Base64.getDecoder().decode(m.group(2));
      // the inlined image is the PNG file beside the page
      assertTrue(java.util.Arrays.equals(png, Files.readAllBytes(run.resolve("report/" + m.group(1) + ".png"))),
          m.group(1));
    }
    assertEquals(names, inlined);
    for (String n : names) {
      BufferedImage img = ImageIO.read(run.resolve("report/" + n + ".png").toFile());
      assertNotNull(img, n);
      assertTrue(img.getWidth() >= 900 && img.getHeight() >= 300, n);
    }
    // the heat map holds many shades of the colour scale; the loss chart its two line colours
    assertTrue(colours(ImageIO.read(run.resolve("report/flow_l0.png").toFile())).size() > 60);
    Set<Integer> loss = colours(ImageIO.read(run.resolve("report/loss.png").toFile()));
    assertTrue(loss.contains(0x1f77b4) && loss.contains(0xff7f0e), "training and validation lines");
    Set<Integer> norm = colours(ImageIO.read(run.resolve("report/grad_norm.png").toFile()));
    assertTrue(norm.contains(0x2ca02c) && norm.contains(0xd62728), "norm line and clip threshold");
    assertTrue(html.contains("<th>diagnosed steps</th><td>5</td>"), html.substring(0, 1500));
    assertTrue(html.contains("<th>steps</th><td>13</td>"));
  }

  static Set<Integer> colours(BufferedImage img) {
    Set<Integer> s = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        s.add(img.getRGB(x, y) & 0xffffff);
      }
    }
    return s;
  }

  /** {@code report --curves}: bench/time-to-quality.sh's curve.tsv as one chart, or one line. */
  @Test
  void drawsTheTimeToQualityCurves(@TempDir Path tmp) throws Exception {
    String header = "side\tseconds\tnats_per_char\tbits_per_char\n";
    Path tsv = Files.writeString(tmp.resolve("curve.tsv"), header + "peer\t30\t1.73\t2.49\n"
        + "peer\t61\t1.55\t2.24\nspark-rnn\t34\t1.43\t2.06\nspark-rnn\t56\t1.32\t1.91\n");
    CliRun r = CliRun.of("report", "--curves", tsv.toString());
    assertEquals(0, r.code(), r::toString);
    Path png = tmp.resolve("curve.png");
    assertTrue(r.out().contains("chart written to " + png.toAbsolutePath()), r.out());
    BufferedImage img = ImageIO.read(png.toFile());
    assertTrue(img.getWidth() >= 900 && img.getHeight() >= 300);
    Set<Integer> c = colours(img);
    assertTrue(c.contains(0x1f77b4) && c.contains(0xff7f0e), "a line per side");
    assertTrue(c.contains(0xd62728), "the peer's final loss");

    Files.writeString(tsv, header + "peer\t30\t1.73\t2.49\npeer\tlate\t1.5\t2.2\n");
    Path out = tmp.resolve("broken.png");
    r = TrainedRuns.oneLineError(1, "report", "--curves", tsv.toString(), "--output", out.toString());
    assertTrue(r.err().contains(tsv + " line 3: expected side, seconds and nats"), r.err());
    assertFalse(Files.exists(out));
    TrainedRuns.oneLineError(2, "report", "--curves", tmp.resolve("nope.tsv").toString());
  }

  @Test
  void missingMetricsIsOneLine(@TempDir Path tmp) {
    CliRun r = TrainedRuns.oneLineError(1, "report", "--run", tmp.toString());
    assertTrue(r.err().contains(tmp.resolve("metrics.jsonl") + " does not exist"), r.err());
    assertFalse(Files.exists(tmp.resolve("report/index.html")));
  }

  @Test
  void missingRunDirectoryIsAUsageError(@TempDir Path tmp) {
    CliRun r = TrainedRuns.oneLineError(2, "report", "--run", tmp.resolve("nope").toString());
    assertTrue(r.err().contains("run directory"), r.err());
    TrainedRuns.oneLineError(2, "report");
  }

  @Test
  void brokenLineIsNamed(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("metrics.jsonl"), """
        {"step":-1,"val_loss":2.0}
        {"step":0,"loss":1.9,"grad_norm":3.0,"clipped":false,"lr":0.01}
        {"step":1,"loss":1.8,"grad_norm":
        """);
    CliRun r = TrainedRuns.oneLineError(1, "report", "--run", tmp.toString());
    assertTrue(r.err().contains(tmp.resolve("metrics.jsonl") + " line 3: not valid JSON"), r.err());
    assertFalse(Files.exists(tmp.resolve("report/index.html")));
    Files.writeString(tmp.resolve("metrics.jsonl"), "{\"step\":0,\"loss\":1}\n[1, 2]\n");
    r = TrainedRuns.oneLineError(1, "report", "--run", tmp.toString());
    assertTrue(r.err().contains("line 2: expected a JSON object with a numeric \"step\""), r.err());
    Files.writeString(tmp.resolve("metrics.jsonl"), "\n");
    r = TrainedRuns.oneLineError(1, "report", "--run", tmp.toString());
    assertTrue(r.err().contains("holds no training steps"), r.err());
  }
}
