package org.sparkrnn.model;

/** Where the loss is read: every step (many-to-many) or each sequence's last step (many-to-one). */
public enum OutputMode {
  MANY_TO_MANY, MANY_TO_ONE;

  public static OutputMode parse(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
      case "many-to-many", "every-step", "all" -> MANY_TO_MANY;
      case "many-to-one", "last-step", "last" -> MANY_TO_ONE;
      default -> throw new IllegalArgumentException(
          "unknown output mode '" + s + "' (use many-to-many or many-to-one)");
    };
  }

  public String key() {
    return this == MANY_TO_MANY ? "many-to-many" : "many-to-one";
  }
}
