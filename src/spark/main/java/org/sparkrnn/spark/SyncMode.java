package org.sparkrnn.spark;

import java.util.Locale;

/** How the steps of a distributed run synchronize ({@code spark.sync}; see {@link SparkTrainer}). */
public enum SyncMode {
  /** Barrier segments where they pay and the running Spark supports them, else jobs. */
  AUTO,
  /** One Spark job per step. */
  JOBS,
  /** Barrier segments: many steps per job, the sums exchanged through {@link AllReduce}. */
  BARRIER;

  /** The configuration value: auto, jobs or barrier. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** auto, jobs or barrier (any case). */
  public static SyncMode parse(String text) {
    for (SyncMode m : values()) {
      if (m.key().equalsIgnoreCase(text.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException("spark.sync must be auto, jobs or barrier, got " + text);
  }
}
