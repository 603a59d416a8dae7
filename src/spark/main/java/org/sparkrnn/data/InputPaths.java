package org.sparkrnn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files a user's path names (a file, a directory read recursively, or a glob, on any Hadoop
 * file system), skipping hidden files ({@code _SUCCESS}, {@code .crc}) as Hadoop's readers do. A
 * path that names nothing is one clear error.
 */
final class InputPaths {
  private InputPaths() {}

  /** The data files under {@code path}, sorted; fails naming the path when there is none. */
  static List<String> files(Configuration conf, String path, String key) {
    if (path == null || path.isBlank()) {
      throw new DataException(key + " is required (the input file, directory or glob)");
    }
    List<String> out = new ArrayList<>();
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new DataException(key + ": no such file or directory: " + path);
      }
      for (FileStatus s : matches) {
        if (s.isDirectory()) {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.getPath(), true);
          while (it.hasNext()) {
            Path f = it.next().getPath();
            if (!hiddenBelow(f, s.getPath())) {
              out.add(f.toString());
            }
          }
        } else if (!hidden(s.getPath().getName())) {
          out.add(s.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(key + ": cannot list " + path + ": " + e.getMessage(), e);
    }
    out.sort(null);
    if (out.isEmpty()) {
      throw new DataException(key + ": no data files in " + path + " (empty directory)");
    }
    return out;
  }

  private static boolean hiddenBelow(Path f, Path root) {
    for (Path p = f; p != null && !p.equals(root); p = p.getParent()) {
      if (hidden(p.getName())) {
        return true;
      }
    }
    return false;
  }

  static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** csv or parquet for format=auto: parquet when any file is *.parquet. */
  static String tableFormat(String format, List<String> files) {
    if (!format.equals("auto")) {
      return format;
    }
    return files.stream().anyMatch(f -> f.endsWith(".parquet")) ? "parquet" : "csv";
  }
}
