package org.sparkrnn.linalg;

import dev.ludovic.netlib.blas.BLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * netlib's BLAS instance. netlib logs a java.util.logging warning ("Failed to load implementation
 * from: ...JNIBLAS") when the machine has no native BLAS and it falls back to pure Java, which is a
 * supported setup: the warning is silenced, and {@link Gemm#name()} says which one runs.
 */
final class NetlibBlas {
  /** Held so that the logger, and with it the level, is not garbage-collected. */
  private static final Logger NETLIB = Logger.getLogger("dev.ludovic.netlib");

  private NetlibBlas() {}

  static BLAS instance() {
    NETLIB.setLevel(Level.SEVERE);
    return BLAS.getInstance();
  }
}
