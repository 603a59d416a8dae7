package org.sparkrnn.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.io.ModelFiles;
import org.sparkrnn.io.ModelFormatException;

/**
 * Model directories on any Hadoop path (file://, hdfs://, s3a://): written into a hidden sibling
 * directory and renamed into place, so a reader sees the whole model or none of it.
 */
public final class ModelStore {
  private ModelStore() {}

  public static void save(ModelBundle bundle, String dir, Configuration conf, boolean overwrite)
      throws IOException {
    Path target = new Path(dir);
    FileSystem fs = HadoopFs.of(target, conf);
    if (fs.exists(target) && !overwrite) {
      throw new IOException(target + " already holds a model (pass --overwrite to replace it)");
    }
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      fs.mkdirs(tmp);
      try (OutputStream json = fs.create(new Path(tmp, ModelFiles.JSON_FILE), true);
          OutputStream tensors = fs.create(new Path(tmp, ModelFiles.TENSORS_FILE), true)) {
        ModelFiles.write(bundle, json, tensors);
      }
      pauseForFaultTests();
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, true);
      }
    }
  }

  /**
   * Fault injection for the driver-kill test: with SPARK_RNN_SAVE_PAUSE_MS set, every save waits
   * that long after writing its temporary directory and before renaming it into place.
   */
  private static void pauseForFaultTests() {
    String ms = System.getenv("SPARK_RNN_SAVE_PAUSE_MS");
    if (ms != null) {
      try {
        Thread.sleep(Long.parseLong(ms));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static ModelBundle load(String dir, Configuration conf) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = HadoopFs.of(path, conf);
    if (!fs.exists(path)) {
      throw new ModelFormatException(dir + ": no such model directory");
    }
    for (String file : new String[] {ModelFiles.JSON_FILE, ModelFiles.TENSORS_FILE}) {
      if (!fs.exists(new Path(path, file))) { // named here: file systems word it differently
        throw new ModelFormatException(dir + ": " + file
            + " is missing (not a spark-rnn model directory, or an incomplete copy)");
      }
    }
    try (InputStream json = fs.open(new Path(path, ModelFiles.JSON_FILE));
        InputStream tensors = fs.open(new Path(path, ModelFiles.TENSORS_FILE))) {
      return ModelFiles.read(json, tensors, dir);
    } catch (FileNotFoundException e) {
      throw new ModelFormatException(dir + ": " + new Path(e.getMessage()).getName()
          + " is missing (not a spark-rnn model directory, or an incomplete copy)");
    }
  }

  public static boolean exists(String dir, Configuration conf) throws IOException {
    Path path = new Path(dir);
    return HadoopFs.of(path, conf).exists(path);
  }
}
