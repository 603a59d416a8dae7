package org.sparkrnn.experiments;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.sparkrnn.model.Initializer;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber 1997; Le, Jaitly &amp; Hinton 2015): every step
 * carries a pair (value, marker) with the value uniform in [0, 1]; exactly two steps are marked, the
 * first in the first half of the sequence ([0, T/2)), the second in the second half ([T/2, T)); the
 * target is the sum of the two marked values. Predicting the constant 1 (the target's mean) has a
 * mean squared error of Var(U + U') = 2/12 = 1/6 ≈ 0.167.
 *
 * <p>Values are whole millionths (0.000000 .. 1.000000), so the target written is exactly the sum of
 * the two values written. Sequence {@code id} is drawn from its own stream
 * {@code mix(seed, id)}: the same (seed, id) always gives the same sequence, however many are made.
 *
 * <p>The CSV is the {@code sequences} reader's one-row-per-sequence layout: {@code id, label,
 * labels, features} — {@code label} the sum (many-to-one target), {@code labels} the running sum of
 * the marked values seen so far at every step, {@code "y0;y1;..."} (many-to-many target; its last
 * step equals {@code label}), and {@code features} {@code "v0,m0;v1,m1;..."}.
 */
public final class AddingProblem {
  private AddingProblem() {}

  private static final int UNITS = 1_000_000;

  /** One sequence: values in millionths, the two marked steps (first &lt; second). */
  public record Sequence(int[] millionths, int first, int second) {
    public int length() {
      return millionths.length;
    }

    public double value(int t) {
      return millionths[t] / (double) UNITS;
    }

    public boolean marked(int t) {
      return t == first || t == second;
    }

    /** The sum of the two marked values. */
    public double target() {
      return (millionths[first] + millionths[second]) / (double) UNITS;
    }

    /** The sum of the marked values at steps 0..t. */
    public double runningTarget(int t) {
      int s = (t >= first ? millionths[first] : 0) + (t >= second ? millionths[second] : 0);
      return s / (double) UNITS;
    }
  }

  /** Sequence {@code id} of length {@code length} (≥ 2) for {@code seed}. */
  public static Sequence sequence(long seed, long id, int length) {
    if (length < 2) {
      throw new IllegalArgumentException("adding problem: sequences need at least 2 steps, got " + length);
    }
    SplittableRandom r = new SplittableRandom(Initializer.mix(seed, id));
    int[] v = new int[length];
    for (int t = 0; t < length; t++) {
      v[t] = r.nextInt(UNITS + 1);
    }
    int half = length / 2;
    int first = r.nextInt(half);
    int second = half + r.nextInt(length - half);
    return new Sequence(v, first, second);
  }

  /**
   * Writes sequences {@code firstId .. firstId+count-1} as a CSV file (see the class comment);
   * the file appears complete or not at all (written beside it, then moved into place).
   */
  public static void writeCsv(Path file, long seed, long firstId, int count, int length)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("id,label,labels,features\n");
        StringBuilder sb = new StringBuilder();
        for (long id = firstId; id < firstId + count; id++) {
          Sequence s = sequence(seed, id, length);
          sb.setLength(0);
          sb.append(id).append(',').append(millionths(s.millionths[s.first] + s.millionths[s.second]))
              .append(",\"");
          int running = 0;
          for (int t = 0; t < length; t++) {
            if (s.marked(t)) {
              running += s.millionths[t];
            }
            sb.append(t == 0 ? "" : ";").append(millionths(running));
          }
          sb.append("\",\"");
          for (int t = 0; t < length; t++) {
            sb.append(t == 0 ? "" : ";").append(millionths(s.millionths[t])).append(',')
                .append(s.marked(t) ? '1' : '0');
          }
          sb.append("\"\n");
          w.write(sb.toString());
        }
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** n/10⁶ exactly, six decimals. */
  static String millionths(int n) {
    return (n / UNITS) + "." + String.format(java.util.Locale.ROOT, "%06d", n % UNITS);
  }

  /** The MSE of predicting the constant 1 on sequences {@code firstId..firstId+count-1} (≈ 1/6). */
  public static double constantOneMse(long seed, long firstId, int count, int length) {
    double sum = 0;
    for (long id = firstId; id < firstId + count; id++) {
      double d = sequence(seed, id, length).target() - 1;
      sum += d * d;
    }
    return sum / count;
  }

  /**
   * The MSE of the best constant prediction per step for the running sum (the per-step mean over
   * the same sequences): what a many-to-many net that learnt nothing about the markers reaches.
   */
  public static double runningMeanMse(long seed, long firstId, int count, int length) {
    double[][] y = new double[count][length];
    double[] mean = new double[length];
    for (int i = 0; i < count; i++) {
      Sequence s = sequence(seed, firstId + i, length);
      for (int t = 0; t < length; t++) {
        y[i][t] = s.runningTarget(t);
        mean[t] += y[i][t] / count;
      }
    }
    double sum = 0;
    for (double[] row : y) {
      for (int t = 0; t < length; t++) {
        double d = row[t] - mean[t];
        sum += d * d;
      }
    }
    return sum / ((double) count * length);
  }
}
