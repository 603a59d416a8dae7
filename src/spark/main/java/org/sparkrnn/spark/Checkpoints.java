package org.sparkrnn.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.Updater;

/**
 * Checkpoints under {@code <output>/checkpoints/step-NNNNNNNN/} on any Hadoop file system, in the
 * model format (model.json + tensors.safetensors, checksummed). Each is written into a temporary
 * directory and renamed into place, so a checkpoint is complete or absent; the last M are kept.
 */
final class Checkpoints {
  static final String DIR = "checkpoints";
  private static final String PREFIX = "step-";
  private static final String TMP = ".tmp-";

  private final Path root;
  private final Configuration conf;
  private final int keep;

  /** Everything a resumed run needs to continue bit-identically. */
  record State(long nextStep, Params params, Map<String, double[]> optimizerState,
      long optimizerSteps, long badSteps, int badInARow, Map<Long, double[]> carried) {}

  Checkpoints(String outputDir, Configuration conf, int keep) {
    this.root = new Path(outputDir, DIR);
    this.conf = conf;
    this.keep = keep;
  }

  void save(long nextStep, ModelConfig model, TrainConfig train, Params params, Updater updater,
      Map<Long, double[]> carried, Map<String, String> extra) throws IOException {
    FileSystem fs = HadoopFs.of(root, conf);
    fs.mkdirs(root);
    String name = String.format("%s%08d", PREFIX, nextStep);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("step", nextStep);
    counters.put("bad_steps", updater.badSteps());
    counters.put("bad_in_a_row", (long) updater.badInARow());
    Map<String, String> provenance = new LinkedHashMap<>(extra);
    provenance.put("kind", "checkpoint");
    ModelBundle bundle = new ModelBundle(model, null, train, params.copy(), null, null, counters,
        carried, provenance).withOptimizer(updater.optimizer());
    ModelStore.save(bundle, new Path(root, name).toString(), conf, true);
    prune(fs);
  }

  /** The newest complete checkpoint, or null when there is none. */
  State latest(ModelConfig model, TrainConfig train) throws IOException {
    FileSystem fs = HadoopFs.of(root, conf);
    List<Path> steps = stepDirs(fs);
    if (steps.isEmpty()) {
      return null;
    }
    Path dir = steps.get(steps.size() - 1);
    ModelBundle b = ModelStore.load(dir.toString(), conf);
    if (!b.model().equals(model)) {
      throw new IllegalArgumentException("checkpoint " + dir + " was made for another model ("
          + b.model() + "); resume with the same model settings");
    }
    Map<String, Long> c = b.counters();
    return new State(c.get("step"), b.params(), b.optimizerState(), c.get("optimizer_steps"),
        c.getOrDefault("bad_steps", 0L), c.getOrDefault("bad_in_a_row", 0L).intValue(),
        b.carriedStates());
  }

  /** The newest checkpoint's provenance (e.g. the data spec), or null without a checkpoint. */
  Map<String, String> latestProvenance() throws IOException {
    List<Path> steps = stepDirs(HadoopFs.of(root, conf));
    return steps.isEmpty() ? null
        : ModelStore.load(steps.get(steps.size() - 1).toString(), conf).provenance();
  }

  private List<Path> stepDirs(FileSystem fs) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(root)) {
      return out;
    }
    FileStatus[] all = fs.listStatus(root);
    Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
    for (FileStatus s : all) {
      if (s.isDirectory() && s.getPath().getName().startsWith(PREFIX)) {
        out.add(s.getPath());
      }
    }
    return out;
  }

  private void prune(FileSystem fs) throws IOException {
    List<Path> steps = stepDirs(fs);
    for (int i = 0; i < steps.size() - keep; i++) {
      fs.delete(steps.get(i), true);
    }
    for (FileStatus s : fs.listStatus(root)) {
      if (s.getPath().getName().startsWith(TMP) || s.getPath().getName().startsWith(".")) {
        fs.delete(s.getPath(), true);
      }
    }
  }
}
