package org.sparkrnn.data;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Text files on any Hadoop path as raw bytes, line by line (Hadoop's TextInputFormat: '\n',
 * '\r\n' and '\r' end a line, .gz and other codecs are decompressed), each line decoded by
 * {@link Utf8} knowing its file and byte offset. A split function sees one input split at a time:
 * its file, its first byte, and its lines in order.
 */
final class TextFiles {
  private TextFiles() {}

  /** What to do with one input split. */
  interface SplitFunction<R> extends Serializable {
    Iterator<R> apply(String file, long start, Iterator<TextLine> lines);
  }

  /** The files of {@code path} (directories read recursively) as one RDD of lines. */
  @SuppressWarnings("unchecked")
  static JavaHadoopRDD<LongWritable, Text> open(JavaSparkContext sc, String path, int minPartitions) {
    JobConf conf = new JobConf(sc.hadoopConfiguration());
    FileInputFormat.setInputPaths(conf, new org.apache.hadoop.fs.Path(path)); // no comma lists
    conf.setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
    int parts = minPartitions > 0 ? minPartitions : sc.defaultMinPartitions();
    return (JavaHadoopRDD<LongWritable, Text>) sc.hadoopRDD(conf, TextInputFormat.class,
        LongWritable.class, Text.class, parts);
  }

  /** {@code f} applied to every split, lines decoded with the UTF-8 policy. */
  static <R> JavaRDD<R> mapSplits(JavaHadoopRDD<LongWritable, Text> rdd, boolean replace,
      SplitFunction<R> f) {
    return rdd.mapPartitionsWithInputSplit((split, records) -> {
      FileSplit fs = (FileSplit) split;
      String file = fs.getPath().toString();
      Iterator<TextLine> lines = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return records.hasNext();
        }

        @Override
        public TextLine next() {
          Tuple2<LongWritable, Text> r = records.next();
          long offset = r._1.get();
          Text t = r._2;
          try {
            return new TextLine(offset, Utf8.decode(t.getBytes(), t.getLength(), file, offset, replace));
          } catch (DataException e) {
            throw binaryOr(fs.getPath(), e);
          }
        }
      };
      return f.apply(file, fs.getStart(), lines);
    }, false);
  }

  /**
   * A file that fails to decode is reported as binary when its first 4 KiB hold a NUL byte (an
   * image's header can be invalid UTF-8 before its first NUL), else with the decoding error.
   */
  private static DataException binaryOr(org.apache.hadoop.fs.Path path, DataException e) {
    try (java.io.InputStream in = path.getFileSystem(new org.apache.hadoop.conf.Configuration())
        .open(path)) {
      byte[] head = in.readNBytes(4096);
      for (int i = 0; i < head.length; i++) {
        if (head[i] == 0) {
          return Utf8.binary(path.toString(), i);
        }
      }
    } catch (java.io.IOException ignored) {
      // the decoding error below says enough
    }
    return e;
  }
}
