package org.sparkrnn.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.train.Precision;

/**
 * One network per executor thread, config and precision, so a task does not reallocate its BPTT
 * buffers every step. It keeps work buffers (and in f32 a float copy of the last pass's parameters
 * and gradient), each rewritten before it is read: what it keeps cannot change a result.
 */
final class NetworkCache {
  private record Key(ModelConfig config, Precision precision) {}

  /** Models a thread keeps networks for (a grid search's models pass through and go). */
  private static final int MODELS = 4;

  private static final ThreadLocal<Map<Key, Network>> CACHE = ThreadLocal.withInitial(
      () -> new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Network> eldest) {
          return size() > MODELS;
        }
      });

  private NetworkCache() {}

  /** A double-precision network (validation, evaluation). */
  static Network get(ModelConfig config) {
    return get(config, Precision.F64);
  }

  /** A network in {@code precision} (f64, or the float32 network of f32). */
  static Network get(ModelConfig config, Precision precision) {
    return CACHE.get().computeIfAbsent(new Key(config, precision),
        k -> precision.newNetwork(config));
  }
}
