package org.sparkrnn.train;

import java.util.Locale;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;

/** The arithmetic inside a task ({@code train.precision}). */
public enum Precision {
  /** Double throughout. */
  F64,
  /**
   * float32 inside a task: activations, their gradients and the products (sgemm) in float; sums
   * across partitions, the optimizer and the parameters stay double (see Network.singlePrecision).
   */
  F32;

  /** The configuration value: f64 or f32. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** f64 or f32 (any case). */
  public static Precision parse(String text) {
    for (Precision p : values()) {
      if (p.key().equalsIgnoreCase(text.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException("train.precision must be f64 or f32, got " + text);
  }

  /** A network for {@code config} in this precision. */
  public Network newNetwork(ModelConfig config) {
    return this == F32 ? Network.singlePrecision(config)
        : Network.create(config, Backends.defaultBackend());
  }
}
