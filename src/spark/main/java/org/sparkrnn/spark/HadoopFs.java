package org.sparkrnn.spark;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file system of a path. For local paths the raw one: Hadoop's checksummed local file system
 * buffers past hflush (a killed driver would lose its last metrics lines) and leaves .crc files
 * beside every model file.
 */
public final class HadoopFs {
  private HadoopFs() {}

  public static FileSystem of(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }
}
