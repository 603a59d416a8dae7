package org.sparkrnn.train;

import java.util.Locale;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.linalg.Gemm;

/** The precision of a task's dense products ({@code train.precision}). */
public enum Precision {
  /** Double throughout. */
  F64,
  /** Single-precision products (BLAS sgemm); sums, the optimizer and the parameters stay double. */
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

  /** The product backend: double BLAS (or -Dsparkrnn.backend), or sgemm. */
  public Gemm newGemm() {
    return this == F32 ? Backends.create("blas-f32") : Backends.defaultBackend();
  }
}
