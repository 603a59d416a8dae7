package org.sparkrnn.model;

import java.util.Locale;

/**
 * Normalization inside the recurrence ({@code model.norm}): none; layer normalization of the
 * recurrent term W_hh·h_{t−1} per example, step and gate block ({@link LayerNorm}); or batch
 * normalization of the input term W_ih·x_t per step over the batch ({@link BatchNorm}).
 */
public enum Normalization {
  NONE, LAYER, BATCH;

  public static Normalization parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "none", "off" -> NONE;
      case "layer", "layer_norm", "layernorm", "ln" -> LAYER;
      case "batch", "batch_norm", "batchnorm", "bn" -> BATCH;
      default -> throw new IllegalArgumentException("unknown normalization '" + name
          + "' (use none, layer, batch)");
    };
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
