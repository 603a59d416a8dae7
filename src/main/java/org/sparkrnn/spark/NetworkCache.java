package org.sparkrnn.spark;

import java.util.HashMap;
import java.util.Map;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;

/**
 * One network (work buffers only, no parameters) per executor thread, config and precision, so
 * a task does not reallocate its BPTT buffers every step. What it keeps cannot change a result.
 */
final class NetworkCache {
  private record Key(ModelConfig config, String precision) {}

  private static final ThreadLocal<Map<Key, Network>> CACHE = ThreadLocal.withInitial(HashMap::new);

  private NetworkCache() {}

  /** A double-precision network (validation, evaluation). */
  static Network get(ModelConfig config) {
    return get(config, "f64");
  }

  /** A network whose dense products run in {@code precision} (f64 or f32). */
  static Network get(ModelConfig config, String precision) {
    return CACHE.get().computeIfAbsent(new Key(config, precision), k -> Network.create(config,
        precision.equals("f32") ? Backends.create("blas-f32") : Backends.defaultBackend()));
  }
}
