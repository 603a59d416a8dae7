package org.sparkrnn.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The largest heap this JVM has used so far: the sum of the heap pools' peak usages (an upper
 * bound, as the pools may peak at different moments). In local mode the executors' tasks run in
 * this JVM, so it covers them too; on a cluster it is the driver's.
 */
final class HeapPeak {
  private HeapPeak() {}

  static long bytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  static String describe(boolean localMode) {
    return String.format(Locale.ROOT, "peak heap: %,d MiB (%s, max %,d MiB)", bytes() >> 20,
        localMode ? "driver and local executors" : "driver", Runtime.getRuntime().maxMemory() >> 20);
  }
}
