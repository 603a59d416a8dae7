package org.sparkrnn.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.sparkrnn.train.GradientSum;

/**
 * A GradientSum as bytes for the {@link GradientExchange} (the payload of its messages; what a
 * message is and which step it belongs to is in the message's own header): the scalars, then the
 * gradient, the norm statistics and the carried states as raw little-endian doubles, so every
 * double comes back with the same bits. A raw copy, not Spark's Kryo: Kryo took 3–7 ms to write
 * and 2–3 ms to read the 2.8 MB sum of an LSTM 256, four times on every barrier step's critical
 * path, against well under a millisecond for a bulk copy.
 *
 * <p>Where the sum marks a row-sparse part of the gradient (an untied embedding table,
 * {@link GradientSum#sparseRows}), only its rows that are not all +0.0 travel, as (row id, row);
 * the rows left out come back as +0.0, so the decoded gradient has the same bits as the dense
 * one and every sum of them is the dense sum. A step of B windows of T tokens touches at most
 * B·T of a word model's V rows.
 *
 * <p>Diagnostics are not part of the payload: {@link #encode} refuses them and the jobs path's
 * Kryo serializer ({@link RecordSerializers}) sends them beside it.
 */
final class GradientWire {
  private static final int NULL = -1;

  private GradientWire() {}

  /** The sum's bytes. */
  static byte[] encode(GradientSum sum) {
    if (sum.diagnostics != null) {
      throw new IllegalArgumentException("a diagnosed step's sum does not cross the exchange");
    }
    return encodeWithoutDiagnostics(sum);
  }

  /** The sum's bytes, its diagnostics left out. */
  static byte[] encodeWithoutDiagnostics(GradientSum sum) {
    int[] sent = sentRows(sum);
    int size = 8 * Long.BYTES + 4 * Integer.BYTES + gradBytes(sum, sent)
        + arrayBytes(sum.normStats) + Integer.BYTES;
    if (sum.states != null) {
      for (double[] state : sum.states.values()) {
        size += Long.BYTES + arrayBytes(state);
      }
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putDouble(sum.loss).putLong(sum.items).putDouble(sum.weight).putLong(sum.steps)
        .putLong(sum.examples)
        .putLong(sum.maxComputeNanos).putLong(sum.totalComputeNanos).putInt(sum.computeTasks)
        .putLong(sum.wireBytes);
    out.putInt(sum.sparseOffset).putInt(sum.sparseRows).putInt(sum.sparseWidth);
    putGrad(out, sum, sent);
    putArray(out, sum.normStats);
    out.putInt(sum.states == null ? NULL : sum.states.size());
    if (sum.states != null) {
      for (Map.Entry<Long, double[]> e : sum.states.entrySet()) {
        out.putLong(e.getKey());
        putArray(out, e.getValue());
      }
    }
    return out.array();
  }

  /**
   * A partition's sum from {@link #encode}'s bytes, its {@link GradientSum#wireBytes} counting
   * their length.
   */
  static GradientSum decodePart(byte[] bytes) {
    GradientSum sum = decode(bytes);
    sum.wireBytes += bytes.length;
    return sum;
  }

  /** The sum {@link #encode} wrote; {@code bytes} is only read. */
  static GradientSum decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    GradientSum sum = new GradientSum();
    sum.loss = in.getDouble();
    sum.items = in.getLong();
    sum.weight = in.getDouble();
    sum.steps = in.getLong();
    sum.examples = in.getLong();
    sum.maxComputeNanos = in.getLong();
    sum.totalComputeNanos = in.getLong();
    sum.computeTasks = in.getInt();
    sum.wireBytes = in.getLong();
    sum.sparseOffset = in.getInt();
    sum.sparseRows = in.getInt();
    sum.sparseWidth = in.getInt();
    sum.grad = getGrad(in, sum);
    sum.normStats = getArray(in);
    int states = in.getInt();
    if (states != NULL) {
      sum.states = new HashMap<>(states * 2);
      for (int i = 0; i < states; i++) {
        long id = in.getLong();
        sum.states.put(id, getArray(in));
      }
    }
    if (in.hasRemaining()) {
      throw new IllegalStateException(in.remaining() + " bytes left after a gradient sum");
    }
    return sum;
  }

  /** The ids of the row-sparse part's rows that travel (not all +0.0), or null: all dense. */
  private static int[] sentRows(GradientSum sum) {
    if (sum.grad == null || sum.sparseRows == 0) {
      return null;
    }
    int[] rows = new int[sum.sparseRows];
    int n = 0;
    for (int r = 0; r < sum.sparseRows; r++) {
      int from = sum.sparseOffset + r * sum.sparseWidth;
      for (int j = 0; j < sum.sparseWidth; j++) {
        if (Double.doubleToRawLongBits(sum.grad[from + j]) != 0) {
          rows[n++] = r;
          break;
        }
      }
    }
    return Arrays.copyOf(rows, n);
  }

  private static int gradBytes(GradientSum sum, int[] sent) {
    if (sent == null) {
      return arrayBytes(sum.grad);
    }
    int dense = sum.grad.length - sum.sparseRows * sum.sparseWidth;
    return 2 * Integer.BYTES + dense * Double.BYTES
        + sent.length * (Integer.BYTES + sum.sparseWidth * Double.BYTES);
  }

  /** The length, the dense doubles (all but the sparse part), then the sent rows' ids and rows. */
  private static void putGrad(ByteBuffer out, GradientSum sum, int[] sent) {
    if (sent == null) {
      putArray(out, sum.grad);
      return;
    }
    double[] g = sum.grad;
    int end = sum.sparseOffset + sum.sparseRows * sum.sparseWidth;
    out.putInt(g.length);
    putRange(out, g, 0, sum.sparseOffset);
    putRange(out, g, end, g.length - end);
    out.putInt(sent.length);
    for (int r : sent) {
      out.putInt(r);
    }
    for (int r : sent) {
      putRange(out, g, sum.sparseOffset + r * sum.sparseWidth, sum.sparseWidth);
    }
  }

  private static double[] getGrad(ByteBuffer in, GradientSum sum) {
    if (sum.sparseRows == 0) {
      return getArray(in);
    }
    int n = in.getInt();
    if (n == NULL) {
      return null;
    }
    double[] g = new double[n];
    int end = sum.sparseOffset + sum.sparseRows * sum.sparseWidth;
    getRange(in, g, 0, sum.sparseOffset);
    getRange(in, g, end, n - end);
    int[] rows = new int[in.getInt()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = in.getInt();
    }
    for (int r : rows) {
      getRange(in, g, sum.sparseOffset + r * sum.sparseWidth, sum.sparseWidth);
    }
    return g;
  }

  private static void putRange(ByteBuffer out, double[] a, int from, int length) {
    out.asDoubleBuffer().put(a, from, length);
    out.position(out.position() + length * Double.BYTES);
  }

  private static void getRange(ByteBuffer in, double[] a, int from, int length) {
    in.asDoubleBuffer().get(a, from, length);
    in.position(in.position() + length * Double.BYTES);
  }

  private static int arrayBytes(double[] a) {
    return Integer.BYTES + (a == null ? 0 : a.length * Double.BYTES);
  }

  private static void putArray(ByteBuffer out, double[] a) {
    out.putInt(a == null ? NULL : a.length);
    if (a != null) {
      out.asDoubleBuffer().put(a);
      out.position(out.position() + a.length * Double.BYTES);
    }
  }

  private static double[] getArray(ByteBuffer in) {
    int n = in.getInt();
    if (n == NULL) {
      return null;
    }
    double[] a = new double[n];
    in.asDoubleBuffer().get(a);
    in.position(in.position() + n * Double.BYTES);
    return a;
  }
}
