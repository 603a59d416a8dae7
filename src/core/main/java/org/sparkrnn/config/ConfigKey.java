package org.sparkrnn.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One setting: its flat key, value type, default (null: no default — the setting is optional, or
 * required where a config needs it), the allowed values of an enum or the valid range of a number,
 * a one-line meaning, and aliases (other names people type for it; used only to suggest the key,
 * never accepted). Build with {@link #builder}; the registry is {@link ConfigKeys#ALL}.
 *
 * <p>{@link #check(String)} turns a raw string into the canonical value (trimmed; enums and
 * booleans lower-case) or throws a one-line {@link ConfigException} naming the key.
 */
public record ConfigKey(
    String name,
    Type type,
    String defaultValue,
    List<String> allowed,
    Double min,
    boolean minExclusive,
    Double max,
    boolean maxExclusive,
    String description,
    List<String> aliases) {

  /** Value types. Numbers are decimal; booleans true/false; enums one of {@link #allowed}. */
  public enum Type {
    INT("an integer"), LONG("an integer"), DOUBLE("a number"), BOOLEAN("true or false"),
    STRING("a string"), ENUM("one of the listed values");

    final String expected;

    Type(String expected) {
      this.expected = expected;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  public ConfigKey {
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    if (name == null || !name.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
      throw new IllegalArgumentException("bad config key name '" + name + "'");
    }
    if ((type == Type.ENUM) != !allowed.isEmpty()) {
      throw new IllegalArgumentException(name + ": enums and only enums list allowed values");
    }
  }

  public static Builder builder(String name, Type type) {
    return new Builder(name, type);
  }

  /** The group: the part of the key before the first dot (model, train, init, ...). */
  public String group() {
    return name.substring(0, name.indexOf('.'));
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }

  /**
   * The canonical form of {@code raw} for this key, after checking its type and range.
   *
   * @throws ConfigException naming the key: wrong type, out of range, not an allowed value
   */
  public String check(String raw) {
    if (raw == null) {
      throw new ConfigException(name, name + ": no value");
    }
    String v = raw.trim();
    switch (type) {
      case INT, LONG -> {
        if (!INTEGER.matcher(v).matches()) {
          throw new ConfigException(name, name + ": expected an integer, got '" + raw + "'");
        }
        long n;
        try {
          n = Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw new ConfigException(name, name + ": " + v + " is too large for an integer");
        }
        if (type == Type.INT && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
          throw new ConfigException(name, name + ": " + v + " is too large (at most "
              + Integer.MAX_VALUE + ")");
        }
        checkRange(n, v);
        return Long.toString(n);
      }
      case DOUBLE -> {
        if (!DECIMAL.matcher(v).matches()) {
          throw new ConfigException(name, name + ": expected a number, got '" + raw + "'");
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
          throw new ConfigException(name, name + ": expected a finite number, got '" + raw + "'");
        }
        checkRange(d, v);
        return v;
      }
      case BOOLEAN -> {
        String b = v.toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
          throw new ConfigException(name, name + ": expected true or false, got '" + raw + "'");
        }
        return b;
      }
      case ENUM -> {
        String e = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(e)) {
          String near = ConfigKeys.nearest(e, allowed);
          throw new ConfigException(name, name + ": '" + raw + "' is not one of "
              + String.join(", ", allowed) + (near == null ? "" : "; did you mean '" + near + "'?"));
        }
        return e;
      }
      default -> {
        return v;
      }
    }
  }

  private void checkRange(double x, String shown) {
    boolean ok = (min == null || (minExclusive ? x > min : x >= min))
        && (max == null || (maxExclusive ? x < max : x <= max));
    if (!ok) {
      throw new ConfigException(name, name + " must be " + rangeText() + ", got " + shown);
    }
  }

  /** "≥ 1", "> 0", "in [0, 1)", or "" when any value of the type is valid. */
  public String rangeText() {
    if (min != null && max != null) {
      return "in " + (minExclusive ? "(" : "[") + num(min) + ", " + num(max)
          + (maxExclusive ? ")" : "]");
    }
    if (min != null) {
      return (minExclusive ? "> " : "≥ ") + num(min);
    }
    if (max != null) {
      return (maxExclusive ? "< " : "≤ ") + num(max);
    }
    return "";
  }

  static String num(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  /** One line for a reference listing: key, type, default, range or values, meaning. */
  public String describe() {
    String values = type == Type.ENUM ? String.join("|", allowed) : type.key();
    String range = rangeText();
    return name + " (" + values + (range.isEmpty() ? "" : ", " + range) + "; default "
        + (defaultValue == null ? "unset" : defaultValue) + "): " + description;
  }

  /** Collects the parts of a key. */
  public static final class Builder {
    private final String name;
    private final Type type;
    private String def;
    private List<String> allowed = List.of();
    private Double min;
    private boolean minExclusive;
    private Double max;
    private boolean maxExclusive;
    private String description = "";
    private List<String> aliases = List.of();

    private Builder(String name, Type type) {
      this.name = name;
      this.type = type;
    }

    public Builder def(Object v) {
      def = v == null ? null : v.toString();
      return this;
    }

    public Builder values(String... v) {
      allowed = List.of(v);
      return this;
    }

    /** value ≥ v */
    public Builder atLeast(double v) {
      min = v;
      minExclusive = false;
      return this;
    }

    /** value > v */
    public Builder above(double v) {
      min = v;
      minExclusive = true;
      return this;
    }

    /** value ≤ v */
    public Builder atMost(double v) {
      max = v;
      maxExclusive = false;
      return this;
    }

    /** value < v */
    public Builder below(double v) {
      max = v;
      maxExclusive = true;
      return this;
    }

    public Builder means(String text) {
      description = text;
      return this;
    }

    /** Full key names people might type for this one (for suggestions only). */
    public Builder aliases(String... names) {
      aliases = List.of(names);
      return this;
    }

    public ConfigKey build() {
      ConfigKey k = new ConfigKey(name, type, def, allowed, min, minExclusive, max, maxExclusive,
          description, aliases);
      if (def != null) {
        k.check(def); // a bad default is a programming error: fail when the registry loads
      }
      return k;
    }
  }
}
