package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkrnn.cli.TrainedRuns.oneLineError;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.config.ConfigKey;
import org.sparkrnn.config.ConfigKeys;
import org.sparkrnn.config.Settings;

/** config --list and --show: every key, the settings in force, one-line errors with suggestions. */
class ConfigCommandTest {
  @TempDir
  Path tmp;

  private Path file(String text) throws Exception {
    Path p = tmp.resolve("run.conf");
    Files.writeString(p, text);
    return p;
  }

  /** Every example in conf/ reads, and its model and training settings pass their checks. */
  @Test
  void everyExampleConfIsValid() throws Exception {
    java.util.List<Path> confs;
    try (var files = Files.list(Path.of("conf"))) {
      confs = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(confs.size() >= 8, "conf/ examples: " + confs);
    for (Path conf : confs) {
      CliRun r = CliRun.of("config", "--show", conf.toString());
      assertEquals(0, r.code(), conf + ": " + r);
      Settings s = RunSettings.withStreamDefaults(Settings.read(conf));
      s.toTrainConfig();
      if (s.isSet("model.vocab") || s.isSet("model.input")) {
        s.toModelConfig();
      }
    }
  }

  /** docs/configuration.md is the --markdown output: a key added, renamed or redocumented fails here. */
  @Test
  void configurationDocIsTheMarkdownListing() throws Exception {
    CliRun r = CliRun.of("config", "--markdown");
    assertEquals(0, r.code(), r::toString);
    for (ConfigKey k : ConfigKeys.ALL) {
      assertTrue(r.out().contains("| `" + k.name() + "` |"), k.name());
    }
    Path doc = Path.of("docs", "configuration.md");
    assertTrue(Files.isRegularFile(doc), "docs/configuration.md is missing");
    assertEquals(r.out(), Files.readString(doc),
        "docs/configuration.md differs from the keys: jobs/spark-rnn config --markdown > docs/configuration.md");
  }

  @Test
  void listHasEveryKeyWithTypeDefaultAndMeaning() {
    CliRun r = CliRun.of("config", "--list");
    assertEquals(0, r.code(), r::toString);
    for (ConfigKey k : ConfigKeys.ALL) {
      String line = r.outLines().stream().filter(l -> l.startsWith("  " + k.name() + " "))
          .findFirst().orElseThrow(() -> new AssertionError(k.name() + " is not listed"));
      assertTrue(line.contains(" " + k.type().key() + " "), line);
      assertTrue(line.contains(k.description()), line);
      if (k.hasDefault() && !k.defaultValue().isBlank()) {
        assertTrue(line.contains(" " + k.defaultValue() + " "), line);
      }
      if (!k.rangeText().isEmpty()) {
        assertTrue(line.contains(k.rangeText()), line);
      }
      for (String v : k.allowed()) {
        assertTrue(line.contains(v), line);
      }
    }
    for (String g : ConfigKeys.groups()) {
      assertTrue(r.outLines().contains("[" + g + "]"), g);
    }
  }

  @Test
  void showPrintsTheSettingsInForceAsAConfigFile() throws Exception {
    Path f = file("model.cell = lstm\ntrain.lr = 0.01   # faster\n");
    CliRun r = CliRun.of("config", "--show", f.toString(), "--set", "train.batch=8",
        "--set", "train.lr=0.05");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().matches("(?s).*\\nmodel\\.cell = lstm +# " + java.util.regex.Pattern.quote(
        f.toString()) + " line 1\\n.*"), r::toString);
    assertTrue(r.out().matches("(?s).*\\ntrain\\.lr = 0\\.05 +# --set\\n.*"), r::toString);
    assertTrue(r.out().matches("(?s).*\\ntrain\\.batch = 8 +# --set\\n.*"), r::toString);
    assertTrue(r.out().matches("(?s).*\\nmodel\\.hidden = 32 +# default\\n.*"), r::toString);
    // what it prints reads back as the same settings
    Settings back = Settings.parse(r.out(), "shown");
    Settings expected = Settings.read(f).with("train.batch", "8").with("train.lr", "0.05");
    assertEquals(expected.resolved(), back.resolved());
  }

  @Test
  void setAloneStartsFromTheDefaults() {
    CliRun r = CliRun.of("config", "--set", "model.hidden=64");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().matches("(?s).*\\nmodel\\.hidden = 64 +# --set\\n.*"), r::toString);
  }

  @Test
  void unknownKeySuggestsTheNearest() throws Exception {
    CliRun r = oneLineError(2, "config", "--show", file("model.cell = gru\n").toString(),
        "--set", "train.bach=8");
    assertTrue(r.err().contains("unknown key 'train.bach'"), r::toString);
    assertTrue(r.err().contains("did you mean 'train.batch'?"), r::toString);

    Path f = file("model.hiden = 8\n");
    r = oneLineError(2, "config", "--show", f.toString());
    assertTrue(r.err().contains(f + " line 1") && r.err().contains("'model.hidden'"), r::toString);
  }

  @Test
  void badValuesAndCrossKeyChecksNameTheKey() throws Exception {
    CliRun r = oneLineError(2, "config", "--show", file("model.cell = lsmt\n").toString());
    assertTrue(r.err().contains("model.cell") && r.err().contains("did you mean 'lstm'"), r::toString);
    r = oneLineError(2, "config", "--set", "train.schedule=step");
    assertTrue(r.err().contains("train.schedule.step_size"), r::toString);
    r = oneLineError(2, "config", "--set", "model.cell=jordan", "--set", "model.layers=2");
    assertTrue(r.err().contains("model.layers"), r::toString);
    r = oneLineError(2, "config", "--set", "data.window=0");
    assertTrue(r.err().contains("data.window"), r::toString);
  }

  @Test
  void wrongCommandLines() {
    oneLineError(2, "config");
    oneLineError(2, "config", "--list", "--show", "x.conf");
    CliRun r = oneLineError(2, "config", "--show", tmp.resolve("missing.conf").toString());
    assertTrue(r.err().contains("missing.conf"), r::toString);
  }
}
