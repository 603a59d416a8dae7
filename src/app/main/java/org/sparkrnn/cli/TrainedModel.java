package org.sparkrnn.cli;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkrnn.data.DataException;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.io.ModelFormatException;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.spark.ModelStore;

/**
 * A trained model as evaluate, generate and predict read it: the model directory (a run directory
 * given on the command line is resolved to its {@code model/}), the bundle and the data spec
 * stored in its provenance. Every problem is one {@link CliException} line: a directory that is
 * missing or holds no model is a wrong command line (exit 2); model files that cannot be read
 * (truncated, checksum mismatch, no data spec) are a failed job (exit 1).
 */
final class TrainedModel {
  /** The model directory itself (holding model.json). */
  final String dir;
  final ModelBundle bundle;
  final DataSpec spec;

  private TrainedModel(String dir, ModelBundle bundle, DataSpec spec) {
    this.dir = dir;
    this.bundle = bundle;
    this.spec = spec;
  }

  ModelConfig config() {
    return bundle.model();
  }

  /** True for a path on the local file system (no scheme, or file:). */
  static boolean local(String path) {
    try {
      String scheme = new URI(path.replace('\\', '/').replace(" ", "%20")).getScheme();
      return scheme == null || scheme.equals("file") || scheme.length() == 1; // C: on Windows
    } catch (Exception e) {
      return true; // not a URI: a plain local path with odd characters
    }
  }

  /** A Hadoop configuration for local paths, read before any Spark session is started. */
  static Configuration localConf() {
    return new Configuration();
  }

  /**
   * Loads the model named by {@code option} ({@code given}: a run directory or its model/
   * subdirectory) on the file system of {@code conf}.
   */
  static TrainedModel load(String option, String given, Configuration conf) {
    String dir = resolve(option, given, conf);
    ModelBundle bundle;
    try {
      bundle = ModelStore.load(dir, conf);
    } catch (ModelFormatException e) {
      throw CliException.failed(e.getMessage());
    } catch (IOException e) {
      throw CliException.failed(dir + ": cannot read the model: " + e.getMessage());
    } catch (RuntimeException e) {
      throw CliException.failed(dir + ": cannot read the model: " + Main.describe(e));
    }
    String source = new Path(dir, ModelFiles.JSON_FILE).toString();
    if (bundle.provenance().keySet().stream().noneMatch(k -> k.startsWith("data."))) {
      throw CliException.failed(source + ": the model holds no data spec (no data.* provenance); "
          + "models written by 'spark-rnn train' have one");
    }
    DataSpec spec;
    try {
      spec = DataSpec.fromMap(bundle.provenance(), source);
      spec.check(bundle.model());
    } catch (DataException e) {
      throw CliException.failed(e.getMessage().startsWith(source) ? e.getMessage()
          : source + ": " + e.getMessage());
    }
    return new TrainedModel(dir, bundle, spec);
  }

  /** The directory holding model.json: {@code given} itself or its model/ subdirectory. */
  static String resolve(String option, String given, Configuration conf) {
    try {
      Path p = new Path(given);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw CliException.usage(option + ": no such model directory: " + given);
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        throw CliException.usage(option + ": " + given + " is a file; name a run directory "
            + "(spark-rnn train --output) or its " + TrainCommand.MODEL_DIR + "/ directory");
      }
      if (fs.exists(new Path(p, ModelFiles.JSON_FILE))) {
        return given;
      }
      Path sub = new Path(p, TrainCommand.MODEL_DIR);
      if (fs.exists(sub)) {
        return sub.toString();
      }
      if (fs.exists(new Path(p, ModelFiles.TENSORS_FILE))) {
        return given; // ModelStore names the missing model.json
      }
      throw CliException.usage(option + ": " + given + " holds no model (no "
          + ModelFiles.JSON_FILE + ", no " + TrainCommand.MODEL_DIR + "/ directory)");
    } catch (IOException e) {
      throw CliException.failed(option + ": cannot read " + given + ": " + e.getMessage());
    }
  }

  /** Fails naming {@code option} when nothing exists at {@code path} (a file, directory or glob). */
  static void requireInput(String option, String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      org.apache.hadoop.fs.FileStatus[] found = fs.globStatus(p);
      if (found == null || found.length == 0) {
        throw CliException.usage(option + ": no such file or directory: " + path);
      }
    } catch (IOException e) {
      throw CliException.failed(option + ": cannot read " + path + ": " + e.getMessage());
    }
  }
}
