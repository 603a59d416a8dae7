package org.sparkrnn.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap this JVM has used so far: the sum of the heap pools' peak usages (an upper
 * bound, as the pools may peak at different moments, and one that grows toward the maximum heap
 * as the collector lets garbage pile up), and, once {@link #watch} has run, the most heap in use
 * right after a collection (closer to what the run needs). In local mode the executors' tasks run
 * in this JVM, so it covers them too; on a cluster it is the driver's.
 */
final class HeapPeak {
  private HeapPeak() {}

  private static final AtomicLong AFTER_GC = new AtomicLong(-1);
  private static boolean watching;

  /** Starts recording the heap in use after every collection (once per JVM). */
  static synchronized void watch() {
    if (watching) {
      return;
    }
    watching = true;
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((n, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
          }
          Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo
              .from((CompositeData) n.getUserData()).getGcInfo().getMemoryUsageAfterGc();
          long used = 0;
          for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
            if (heapPools.contains(e.getKey())) {
              used += e.getValue().getUsed();
            }
          }
          AFTER_GC.accumulateAndGet(used, Math::max);
        }, null, null);
      }
    }
  }

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
    long afterGc = AFTER_GC.get();
    return String.format(Locale.ROOT, "peak heap: %,d MiB (%s, max %,d MiB)%s", bytes() >> 20,
        localMode ? "driver and local executors" : "driver", Runtime.getRuntime().maxMemory() >> 20,
        afterGc < 0 ? "" : String.format(Locale.ROOT, "; at most %,d MiB in use after a "
            + "collection", afterGc >> 20));
  }
}
