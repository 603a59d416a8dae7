package org.sparkrnn.model;

/** What a Jordan net feeds back into the hidden layer: g's output o_{t−1} or the raw z_{t−1}. */
public enum JordanFeedback {
  OUTPUT, RAW;

  public static JordanFeedback parse(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "output", "o" -> OUTPUT;
      case "raw", "z", "logits" -> RAW;
      default -> throw new IllegalArgumentException(
          "unknown Jordan feedback '" + s + "' (use output or raw)");
    };
  }
}
