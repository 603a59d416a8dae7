package org.sparkrnn.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.sparkrnn.io.ModelFiles;
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
      Map<Long, double[]> carried) throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    fs.mkdirs(root);
    String name = String.format("%s%08d", PREFIX, nextStep);
    Path tmp = new Path(root, TMP + name + "-" + System.nanoTime());
    Path dst = new Path(root, name);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("step", nextStep);
    counters.put("optimizer_steps", updater.optimizer().steps());
    counters.put("bad_steps", updater.badSteps());
    counters.put("bad_in_a_row", (long) updater.badInARow());
    Map<String, double[]> optState = new LinkedHashMap<>();
    updater.optimizer().state().forEach((k, v) -> optState.put(k, v.clone()));
    ModelBundle bundle = new ModelBundle(model, null, train, params.copy(), optState,
        updater.optimizer().name(), counters, carried, Map.of("kind", "checkpoint"));
    fs.mkdirs(tmp);
    try (OutputStream json = fs.create(new Path(tmp, ModelFiles.JSON_FILE), true);
        OutputStream tensors = fs.create(new Path(tmp, ModelFiles.TENSORS_FILE), true)) {
      ModelFiles.write(bundle, json, tensors);
    }
    if (fs.exists(dst)) {
      fs.delete(dst, true);
    }
    if (!fs.rename(tmp, dst)) {
      throw new IOException("could not rename checkpoint " + tmp + " to " + dst);
    }
    prune(fs);
  }

  /** The newest complete checkpoint, or null when there is none. */
  State latest(ModelConfig model, TrainConfig train) throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    List<Path> steps = stepDirs(fs);
    if (steps.isEmpty()) {
      return null;
    }
    Path dir = steps.get(steps.size() - 1);
    ModelBundle b;
    try (InputStream json = fs.open(new Path(dir, ModelFiles.JSON_FILE));
        InputStream tensors = fs.open(new Path(dir, ModelFiles.TENSORS_FILE))) {
      b = ModelFiles.read(json, tensors, dir.toString());
    }
    if (!b.model().equals(model)) {
      throw new IllegalArgumentException("checkpoint " + dir + " was made for another model ("
          + b.model() + "); resume with the same model settings");
    }
    Map<String, Long> c = b.counters();
    return new State(c.get("step"), b.params(), b.optimizerState(), c.get("optimizer_steps"),
        c.getOrDefault("bad_steps", 0L), c.getOrDefault("bad_in_a_row", 0L).intValue(),
        b.carriedStates());
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
      if (s.getPath().getName().startsWith(TMP)) {
        fs.delete(s.getPath(), true);
      }
    }
  }
}
