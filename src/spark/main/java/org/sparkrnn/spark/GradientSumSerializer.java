package org.sparkrnn.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.sparkrnn.diag.DiagnosticSums;
import org.sparkrnn.train.GradientSum;

/**
 * A partition's gradient sum as a task result of the jobs path: the {@link GradientWire} bytes
 * the barrier exchange sends (every bit kept, row-sparse parts as touched rows only, its size
 * counted in {@link GradientSum#wireBytes}), then the diagnostics of a diagnosed step, which only
 * this path carries.
 */
final class GradientSumSerializer extends Serializer<GradientSum> {
  @Override
  public void write(Kryo kryo, Output output, GradientSum sum) {
    byte[] bytes = GradientWire.encodeWithoutDiagnostics(sum);
    output.writeInt(bytes.length);
    output.writeBytes(bytes);
    kryo.writeClassAndObject(output, sum.diagnostics);
  }

  @Override
  public GradientSum read(Kryo kryo, Input input, Class<GradientSum> type) {
    GradientSum sum = GradientWire.decodePart(input.readBytes(input.readInt()));
    sum.diagnostics = (DiagnosticSums) kryo.readClassAndObject(input);
    return sum;
  }
}
