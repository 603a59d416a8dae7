package org.sparkrnn.spark;

import java.nio.ByteBuffer;
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

  static byte[] encode(GradientSum sum) {
    ByteBuffer buf = SparkEnv.get().serializer().newInstance().serialize(sum, TAG);
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    return bytes;
  }

  static GradientSum decode(byte[] bytes) {
    return SparkEnv.get().serializer().newInstance().deserialize(ByteBuffer.wrap(bytes), TAG);
  }
}
