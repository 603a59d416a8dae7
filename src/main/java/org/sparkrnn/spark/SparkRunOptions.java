package org.sparkrnn.spark;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.storage.StorageLevel;

/**
 * How a distributed run is laid out and observed: partition count, output directory (any Hadoop
 * path; metrics, checkpoints and the final model go under it), checkpoint cadence and retention,
 * resume, validation cadence, the fan-in of the gradient sum tree, the cache level of the
 * examples, where the progress line goes (null: no progress line), and how steps synchronize
 * ({@code sync}: jobs, barrier or auto; see {@link SparkTrainer}).
 */
public record SparkRunOptions(int partitions, String outputDir, long checkpointEvery,
    int keepCheckpoints, boolean resume, long validateEvery, int fanIn, StorageLevel storage,
    PrintStream progress, String sync) {

  public SparkRunOptions {
    if (partitions < 1) {
      throw new IllegalArgumentException("spark.partitions must be ≥ 1, got " + partitions);
    }
    if (checkpointEvery < 0 || keepCheckpoints < 1 || validateEvery < 0 || fanIn < 2) {
      throw new IllegalArgumentException("checkpoint/validation cadence must be ≥ 0, keep ≥ 1, fan-in ≥ 2");
    }
    if (!SYNC_MODES.contains(sync)) {
      throw new IllegalArgumentException("spark.sync must be one of " + SYNC_MODES + ", got " + sync);
    }
    if (resume && outputDir == null) {
      throw new IllegalArgumentException("--resume needs an output directory holding checkpoints");
    }
  }

  /** The values of {@code spark.sync}. */
  public static final List<String> SYNC_MODES = List.of("auto", "jobs", "barrier");

  public static SparkRunOptions of(int partitions) {
    return new SparkRunOptions(partitions, null, 0, 3, false, 0, 8, StorageLevel.MEMORY_ONLY(), null,
        "auto");
  }

  public SparkRunOptions withOutput(String dir, long checkpointEvery, int keep) {
    return new SparkRunOptions(partitions, dir, checkpointEvery, keep, resume, validateEvery, fanIn,
        storage, progress, sync);
  }

  public SparkRunOptions withResume(boolean r) {
    return new SparkRunOptions(partitions, outputDir, checkpointEvery, keepCheckpoints, r,
        validateEvery, fanIn, storage, progress, sync);
  }

  public SparkRunOptions withValidation(long every) {
    return new SparkRunOptions(partitions, outputDir, checkpointEvery, keepCheckpoints, resume,
        every, fanIn, storage, progress, sync);
  }

  public SparkRunOptions withProgress(PrintStream p) {
    return new SparkRunOptions(partitions, outputDir, checkpointEvery, keepCheckpoints, resume,
        validateEvery, fanIn, storage, p, sync);
  }

  public SparkRunOptions withFanIn(int f) {
    return new SparkRunOptions(partitions, outputDir, checkpointEvery, keepCheckpoints, resume,
        validateEvery, f, storage, progress, sync);
  }

  public SparkRunOptions withStorage(StorageLevel level) {
    return new SparkRunOptions(partitions, outputDir, checkpointEvery, keepCheckpoints, resume,
        validateEvery, fanIn, level, progress, sync);
  }

  public SparkRunOptions withSync(String mode) {
    return new SparkRunOptions(partitions, outputDir, checkpointEvery, keepCheckpoints, resume,
        validateEvery, fanIn, storage, progress, mode);
  }
}
