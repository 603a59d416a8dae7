package org.sparkrnn.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes an {@link Optimizer} from a name and hyper-parameters (as they come from a configuration
 * or a checkpoint). Names and the keys each accepts, with defaults:
 * <pre>
 *   sgd       momentum=0
 *   momentum  momentum=0.9
 *   nesterov  momentum=0.9
 *   adagrad   eps=1e-10
 *   rmsprop   alpha=0.99 eps=1e-8 momentum=0
 *   adam      beta1=0.9 beta2=0.999 eps=1e-8
 * </pre>
 */
public final class Optimizers {
  public static final List<String> NAMES =
      List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam");
  public static final double DEFAULT_MOMENTUM = 0.9;

  private Optimizers() {}

  /** The named optimizer with all defaults. */
  public static Optimizer create(String name, int size) {
    return create(name, Map.of(), size);
  }

  /**
   * @param hyper keys as listed above; missing keys take their defaults
   * @throws IllegalArgumentException naming the unknown optimizer, key or bad value
   */
  public static Optimizer create(String name, Map<String, Double> hyper, int size) {
    String n = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "sgd":
        allow(n, hyper, "momentum");
        return new Sgd(size, get(hyper, "momentum", 0.0), false);
      case "momentum":
        allow(n, hyper, "momentum");
        return new Sgd(size, positive(n, get(hyper, "momentum", DEFAULT_MOMENTUM)), false);
      case "nesterov":
        allow(n, hyper, "momentum");
        return new Sgd(size, get(hyper, "momentum", DEFAULT_MOMENTUM), true);
      case "adagrad":
        allow(n, hyper, "eps");
        return new Adagrad(size, get(hyper, "eps", Adagrad.DEFAULT_EPS));
      case "rmsprop":
        allow(n, hyper, "alpha", "eps", "momentum");
        return new RmsProp(size, get(hyper, "alpha", RmsProp.DEFAULT_ALPHA),
            get(hyper, "eps", RmsProp.DEFAULT_EPS), get(hyper, "momentum", 0.0));
      case "adam":
        allow(n, hyper, "beta1", "beta2", "eps");
        return new Adam(size, get(hyper, "beta1", Adam.DEFAULT_BETA1),
            get(hyper, "beta2", Adam.DEFAULT_BETA2), get(hyper, "eps", Adam.DEFAULT_EPS));
      default:
        throw new IllegalArgumentException(
            "unknown optimizer '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }

  private static void allow(String name, Map<String, Double> hyper, String... keys) {
    Set<String> ok = Set.of(keys);
    for (String k : hyper.keySet()) {
      if (!ok.contains(k)) {
        throw new IllegalArgumentException("optimizer '" + name + "' has no hyper-parameter '" + k
            + "'; it takes " + String.join(", ", keys));
      }
    }
  }

  private static double get(Map<String, Double> hyper, String key, double fallback) {
    Double v = hyper.get(key);
    return v == null ? fallback : v;
  }

  private static double positive(String name, double momentum) {
    if (!(momentum > 0)) {
      throw new IllegalArgumentException(name + ": momentum must be > 0, got " + momentum);
    }
    return momentum;
  }
}
