package org.sparkrnn.spark;

import java.util.HashMap;
import java.util.Map;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;

/**
 * One network (work buffers only, no parameters) per executor thread and config, so a task does
 * not reallocate its BPTT buffers every step. What it keeps cannot change a result.
 */
final class NetworkCache {
  private static final ThreadLocal<Map<ModelConfig, Network>> CACHE =
      ThreadLocal.withInitial(HashMap::new);

  private NetworkCache() {}

  static Network get(ModelConfig config) {
    return CACHE.get().computeIfAbsent(config, Network::create);
  }
}
