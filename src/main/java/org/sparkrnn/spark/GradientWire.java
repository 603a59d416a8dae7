package org.sparkrnn.spark;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.SparkEnv;
import org.sparkrnn.train.GradientSum;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A GradientSum as bytes for the {@link GradientExchange}: Spark's configured serializer (Kryo),
 * which gives every double back with the same bits.
 */
final class GradientWire {
  private static final ClassTag<GradientSum> TAG = ClassTag$.MODULE$.apply(GradientSum.class);

  private GradientWire() {}

  /** The sum's bytes after one leading {@code flag} byte (free for the caller's use). */
  static byte[] encode(GradientSum sum, byte flag) {
    ByteBuffer buf = SparkEnv.get().serializer().newInstance().serialize(sum, TAG);
    byte[] bytes = new byte[1 + buf.remaining()];
    bytes[0] = flag;
    buf.get(bytes, 1, bytes.length - 1);
    return bytes;
  }

  /**
   * The sum {@link #encode} wrote (its flag byte skipped). Reads a private copy: in local mode
   * every task gets the same array, and Kryo's reader briefly writes into its buffer (it masks a
   * bit at the end of every ASCII string it reads), so two tasks reading one array corrupt each
   * other's class names.
   */
  static GradientSum decode(byte[] bytes) {
    byte[] copy = Arrays.copyOfRange(bytes, 1, bytes.length);
    return SparkEnv.get().serializer().newInstance().deserialize(ByteBuffer.wrap(copy), TAG);
  }
}
