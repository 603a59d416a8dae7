package org.sparkrnn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.Settings;

class ExperimentConfTest {

  private static final String TEXT = """
      # a test experiment
      experiment.lengths = 20, 40   # two lengths
      experiment.train_size = 64
      full.experiment.lengths = 20,40,80
      model.hidden = 8
      train.steps = 10
      full.train.steps = 1000

      variant.b.about = second named, listed second
      variant.b.model.cell = lstm
      variant.a.model.cell = elman
      variant.a.train.steps = 5
      full.variant.a.train.lr = 0.5
      """;

  @Test
  void sharedVariantAndExperimentKeysAreSeparatedAndVariantsKeepTheirOrder() {
    ExperimentConf c = ExperimentConf.parse(TEXT, "t.conf", false, List.of());
    assertEquals(List.of(20, 40), c.lengths());
    assertEquals(64, c.trainSize());
    assertEquals(200, c.validationSize()); // default
    assertEquals(List.of("b", "a"), c.variants().stream().map(ExperimentConf.Variant::name).toList());
    assertEquals("second named, listed second", c.variants().get(0).about());
    Settings b = c.settingsOf(c.variants().get(0));
    Settings a = c.settingsOf(c.variants().get(1));
    assertEquals("lstm", b.get("model.cell"));
    assertEquals("8", b.get("model.hidden"));
    assertEquals("10", b.get("train.steps"));
    assertEquals("5", a.get("train.steps"), "a variant's own value wins over the shared one");
    assertFalse(a.isSet("train.lr"), "full.* keys apply only with --full");
  }

  @Test
  void fullReplacesTheKeysItNames() {
    ExperimentConf c = ExperimentConf.parse(TEXT, "t.conf", true, List.of());
    assertEquals(List.of(20, 40, 80), c.lengths());
    Settings a = c.settingsOf(c.variants().get(1));
    assertEquals("5", a.get("train.steps"), "the variant's value still wins over full.train.steps");
    assertEquals("1000", c.settingsOf(c.variants().get(0)).get("train.steps"));
    assertEquals("0.5", a.get("train.lr"));
  }

  @Test
  void setOnTheCommandLineWinsEvenOverAVariantsOwnValue() {
    ExperimentConf c = ExperimentConf.parse(TEXT, "t.conf", false,
        List.of("train.steps=3", "experiment.lengths=7", "variant.b.model.hidden=4"));
    assertEquals(List.of(7), c.lengths());
    assertEquals("3", c.settingsOf(c.variants().get(1)).get("train.steps"));
    assertEquals("4", c.settingsOf(c.variants().get(0)).get("model.hidden"));
    assertEquals("8", c.settingsOf(c.variants().get(1)).get("model.hidden"));
  }

  @Test
  void mistakesAreOneLineNamingTheFileLineAndKey() {
    assertError("t.conf line 2", "model.hiden", "experiment.lengths = 5\nmodel.hiden = 3\nvariant.a.model.cell = gru\n");
    assertError("t.conf line 2", "model.cell", "experiment.lengths = 5\nvariant.a.model.cell = cnn\n");
    assertError("t.conf line 1", "experiment.lenghts", "experiment.lenghts = 5\nvariant.a.model.cell = gru\n");
    assertError("experiment.lengths", "whole number", "experiment.lengths = 5,x\nvariant.a.model.cell = gru\n");
    assertError("experiment.lengths", "at least 2", "experiment.lengths = 1\nvariant.a.model.cell = gru\n");
    assertError("no variants", "t.conf", "experiment.lengths = 5\nmodel.hidden = 3\n");
    assertError("lines 1 and 2", "model.hidden", "model.hidden = 3\nmodel.hidden = 4\n");
    assertError("variant.NAME.KEY", "variant.x", "experiment.lengths = 5\nvariant.x = 3\n");
    assertError("expected 'key = value'", "t.conf line 1", "just words\n");
    assertError("experiment.lengths is not set", "t.conf", "variant.a.model.cell = gru\n");
  }

  @Test
  void onlyKeepsTheNamedVariantsInConfOrder() {
    ExperimentConf c = ExperimentConf.parse(TEXT, "t.conf", false, List.of()).only(List.of("a"));
    assertEquals(List.of("a"), c.variants().stream().map(ExperimentConf.Variant::name).toList());
    ConfigException e = assertThrows(ConfigException.class, () -> c.only(List.of("b", "z")));
    assertTrue(e.getMessage().contains("no variant 'b'"), e.getMessage());
  }

  @Test
  void aSetForAVariantTheFileDoesNotHaveIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConf.parse(TEXT,
        "t.conf", false, List.of("variant.c.model.hidden=4")));
    assertTrue(e.getMessage().contains("no variant 'c'") && e.getMessage().contains("b, a"),
        e.getMessage());
  }

  @Test
  void everyShippedConfParsesAtBothSizes() throws Exception {
    for (ExperimentKind k : ExperimentKind.values()) {
      Path p = Path.of("conf/experiments", k.key + ".conf");
      assertTrue(Files.isRegularFile(p), p + " exists");
      for (boolean full : new boolean[] {false, true}) {
        ExperimentConf c = ExperimentConf.read(p, full, List.of());
        assertFalse(c.variants().isEmpty());
        assertFalse(c.about().isEmpty(), p + " says what it shows");
        for (ExperimentConf.Variant v : c.variants()) {
          Settings s = c.settingsOf(v);
          assertTrue(s.getLong("train.steps") > 0, p + " " + v.name() + " caps its steps");
          assertFalse(v.about().isEmpty(), p + " describes " + v.name());
        }
      }
      String text = Files.readString(p);
      assertTrue(text.contains("--full"), p + " documents --full");
    }
  }

  private static void assertError(String part1, String part2, String text) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExperimentConf.parse(text, "t.conf", false, List.of()));
    String m = e.getMessage();
    assertTrue(m.contains(part1) && m.contains(part2), m);
    assertFalse(m.contains("\n"), m);
  }
}
