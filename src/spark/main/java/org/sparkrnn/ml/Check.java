package org.sparkrnn.ml;

import java.io.Serializable;
import java.util.List;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.ConfigKeys;
import scala.runtime.AbstractFunction1;

/**
 * A Param validator that explains itself: Spark's own validators only say "given invalid value",
 * so this one throws an {@link IllegalArgumentException} naming the param, the value and the rule.
 * Serializable, as Spark ships params with the stages.
 */
final class Check<T> extends AbstractFunction1<T, Object> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The problem with a value, or null when it is fine. */
  interface Rule<T> extends Serializable {
    String problem(T value);
  }

  private final String param;
  private final Rule<T> rule;

  private Check(String param, Rule<T> rule) {
    this.param = param;
    this.rule = rule;
  }

  @Override
  public Object apply(T value) {
    String p = rule.problem(value);
    if (p != null) {
      throw new IllegalArgumentException("param " + param + ": " + p);
    }
    return Boolean.TRUE;
  }

  static <T> Check<T> of(String param, Rule<T> rule) {
    return new Check<>(param, rule);
  }

  /** The value must pass the check of config key {@code key} (type, range, allowed values). */
  static <T> Check<T> configKey(String param, String key) {
    ConfigKeys.get(key); // fails now for a key that does not exist
    return of(param, v -> { // captures the name only: the check must stay serializable
      try {
        ConfigKeys.get(key).check(String.valueOf(v));
        return null;
      } catch (ConfigException e) {
        return e.getMessage();
      }
    });
  }

  /** A non-negative integer (0 meaning "off" or "Spark's default"). */
  static Check<Object> atLeast(String param, long min) {
    return of(param, v -> ((Number) v).longValue() >= min ? null
        : "must be ≥ " + min + ", got " + v);
  }

  /** A finite number ≥ 0. */
  static Check<Object> nonNegative(String param) {
    return of(param, v -> {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) && d >= 0 ? null : "must be a finite number ≥ 0, got " + v;
    });
  }

  /** One of {@code values}. */
  static Check<String> oneOf(String param, String... values) {
    List<String> allowed = List.of(values);
    return of(param, v -> allowed.contains(v) ? null
        : "'" + v + "' is not one of " + String.join(", ", allowed));
  }

  /** A column name (may be empty only when {@code optional}: "" turns an output column off). */
  static Check<String> column(String param, boolean optional) {
    return of(param, v -> v == null ? "a column name is required"
        : v.isEmpty() && !optional ? "a column name is required (got an empty string)" : null);
  }
}
