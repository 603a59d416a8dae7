package org.sparkrnn.spark;

import java.io.PrintStream;
import org.apache.spark.storage.StorageLevel;

/**
 * How a distributed run is laid out and observed: partition count, output directory (any Hadoop
 * path; metrics, checkpoints and the final model go under it), checkpoint cadence and retention,
 * resume, validation cadence, the fan-in of the gradient sum tree, the cache level of the
 * examples, where the progress line goes (null: no progress line), and how steps synchronize.
 * Made with {@link #builder}; {@code withX} returns a copy with one setting changed.
 */
public record SparkRunOptions(int partitions, String outputDir, long checkpointEvery,
    int keepCheckpoints, boolean resume, long validateEvery, int fanIn, StorageLevel storage,
    PrintStream progress, SyncMode sync) {

  public SparkRunOptions {
    if (partitions < 1) {
      throw new IllegalArgumentException("spark.partitions must be ≥ 1, got " + partitions);
    }
    if (checkpointEvery < 0 || keepCheckpoints < 1 || validateEvery < 0 || fanIn < 2) {
      throw new IllegalArgumentException("checkpoint/validation cadence must be ≥ 0, keep ≥ 1, fan-in ≥ 2");
    }
    if (sync == null) {
      throw new IllegalArgumentException("spark.sync is required");
    }
    if (resume && outputDir == null) {
      throw new IllegalArgumentException("--resume needs an output directory holding checkpoints");
    }
  }

  /** Defaults: no output, no validation, fan-in 8, examples cached in memory, sync auto. */
  public static Builder builder(int partitions) {
    return new Builder(partitions);
  }

  public static SparkRunOptions of(int partitions) {
    return builder(partitions).build();
  }

  public Builder toBuilder() {
    return new Builder(partitions).output(outputDir, checkpointEvery, keepCheckpoints)
        .resume(resume).validateEvery(validateEvery).fanIn(fanIn).storage(storage)
        .progress(progress).sync(sync);
  }

  public SparkRunOptions withOutput(String dir, long checkpointEvery, int keep) {
    return toBuilder().output(dir, checkpointEvery, keep).build();
  }

  public SparkRunOptions withResume(boolean r) {
    return toBuilder().resume(r).build();
  }

  public SparkRunOptions withValidation(long every) {
    return toBuilder().validateEvery(every).build();
  }

  public SparkRunOptions withProgress(PrintStream p) {
    return toBuilder().progress(p).build();
  }

  public SparkRunOptions withFanIn(int f) {
    return toBuilder().fanIn(f).build();
  }

  public SparkRunOptions withStorage(StorageLevel level) {
    return toBuilder().storage(level).build();
  }

  public SparkRunOptions withSync(SyncMode mode) {
    return toBuilder().sync(mode).build();
  }

  /** Named settings over the defaults of {@link #builder}; checked by {@link #build}. */
  public static final class Builder {
    private final int partitions;
    private String outputDir;
    private long checkpointEvery;
    private int keepCheckpoints = 3;
    private boolean resume;
    private long validateEvery;
    private int fanIn = 8;
    private StorageLevel storage = StorageLevel.MEMORY_ONLY();
    private PrintStream progress;
    private SyncMode sync = SyncMode.AUTO;

    private Builder(int partitions) {
      this.partitions = partitions;
    }

    /** Where metrics, checkpoints (every {@code checkpointEvery} steps, 0: at the end) go. */
    public Builder output(String dir, long checkpointEvery, int keep) {
      this.outputDir = dir;
      this.checkpointEvery = checkpointEvery;
      this.keepCheckpoints = keep;
      return this;
    }

    public Builder resume(boolean r) {
      resume = r;
      return this;
    }

    /** Validate every {@code every} steps (0: never). */
    public Builder validateEvery(long every) {
      validateEvery = every;
      return this;
    }

    public Builder fanIn(int f) {
      fanIn = f;
      return this;
    }

    public Builder storage(StorageLevel level) {
      storage = level;
      return this;
    }

    public Builder progress(PrintStream p) {
      progress = p;
      return this;
    }

    public Builder sync(SyncMode mode) {
      sync = mode;
      return this;
    }

    public SparkRunOptions build() {
      return new SparkRunOptions(partitions, outputDir, checkpointEvery, keepCheckpoints, resume,
          validateEvery, fanIn, storage, progress, sync);
    }
  }
}
