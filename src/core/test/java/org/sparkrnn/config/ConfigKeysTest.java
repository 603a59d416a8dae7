package org.sparkrnn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

  static final List<String> BRIEF = List.of("model.cell", "model.activation",
      "model.activation_alpha", "model.layers", "model.input", "model.vocab", "model.hidden",
      "model.output", "model.mode", "model.output_function", "model.loss",
      "model.jordan_feedback", "model.teacher_forcing", "train.bptt.window",
      "train.bptt.truncate", "train.optimizer", "train.optimizer.momentum",
      "train.optimizer.beta1", "train.optimizer.beta2", "train.optimizer.eps",
      "train.optimizer.alpha", "train.lr", "train.schedule", "train.schedule.step_size",
      "train.schedule.gamma", "train.schedule.total_steps", "train.schedule.min_lr",
      "train.schedule.warmup_steps", "train.clip", "train.clip_threshold", "train.l1", "train.l2",
      "train.batch", "train.epochs", "train.steps", "train.seed", "train.max_bad_steps",
      "init.input", "init.recurrent", "init.recurrent_scale", "init.forget_bias",
      "init.normal_std");

  @Test
  void registryHoldsEveryKeyOnceGroupedWithMeaning() {
    Set<String> names = ConfigKeys.ALL.stream().map(ConfigKey::name)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    assertEquals(ConfigKeys.ALL.size(), names.size(), "no duplicates");
    assertTrue(names.containsAll(BRIEF), "missing: " + BRIEF.stream()
        .filter(k -> !names.contains(k)).toList());
    assertEquals(List.of("model", "train", "init", "data", "spark", "output"), ConfigKeys.groups());
    for (ConfigKey k : ConfigKeys.ALL) {
      assertFalse(k.description().isBlank(), k.name());
      assertNotNull(ConfigKeys.get(k.name()));
      if (k.hasDefault()) {
        assertEquals(k.defaultValue(), k.check(k.defaultValue()), k.name());
      }
    }
    String ref = ConfigKeys.reference();
    for (String k : names) {
      assertTrue(ref.contains(k + " ("), k);
    }
    assertTrue(ref.contains("train.lr (double, > 0; default 0.002): base learning rate"), ref);
  }

  @Test
  void noArbitraryKeysUnderReservedPrefixes() {
    for (String k : List.of("data.bogus", "spark.bogus", "output.dir", "run.name")) {
      assertTrue(ConfigKeys.find(k).isEmpty(), k + " is not registered, so it is refused");
    }
  }

  @Test
  void editDistance() {
    assertEquals(0, ConfigKeys.distance("abc", "abc"));
    assertEquals(1, ConfigKeys.distance("abc", "abd"));
    assertEquals(3, ConfigKeys.distance("", "abc"));
    assertEquals(2, ConfigKeys.distance("trian", "train"));
  }
}
