package org.sparkrnn.samples;

import java.util.Locale;
import java.util.Random;

/**
 * Small numeric sequence tables in the two CSV layouts the {@code sequences} reader takes, each a
 * task a small recurrent net learns in a few hundred steps:
 * <ul>
 *   <li>{@link #classify}: one row per sequence, {@code id,label,features} with features
 *       "a,b;c,d;..." (2 values per step, 8–32 steps). Class {@code rise}: a random walk drifting
 *       up; {@code fall}: drifting down; {@code wave}: an oscillation about a random level. The
 *       second value of each step is noise the model must learn to ignore.
 *   <li>{@link #regress}: one row per step, {@code id,t,f0,f1,label}, the "adding problem" of
 *       Hochreiter and Schmidhuber: f0 is a random number in [0, 1], f1 marks exactly two steps
 *       (1, else 0), and the real target — repeated on every row of the sequence — is the sum of
 *       f0 at the two marked steps. Predicting the mean (1.0) has a mean squared error of about
 *       0.17; a net that learnt the task gets far below it.
 * </ul>
 * Numbers are written with two decimals ({@link Locale#ROOT}); the same seed gives the same bytes.
 */
public final class SequenceSamples {
  private SequenceSamples() {}

  /** Labels of {@link #classify}, in sorted order (the reader's class ids 0, 1, 2). */
  public static final String[] CLASSES = {"fall", "rise", "wave"};

  /** {@code count} sequences for 3-class many-to-one classification, rows in id order. */
  public static String classify(long seed, int count) {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder("id,label,features\n");
    for (int id = 1; id <= count; id++) {
      int cls = rnd.nextInt(3);
      int length = 8 + rnd.nextInt(25);
      double level = rnd.nextDouble() - 0.5;
      double drift = 0.06 + 0.06 * rnd.nextDouble();
      double period = 3 + 5 * rnd.nextDouble();
      double phase = 2 * Math.PI * rnd.nextDouble();
      double amp = 0.4 + 0.4 * rnd.nextDouble();
      sb.append(id).append(',').append(CLASSES[cls]).append(",\"");
      double x = level;
      for (int t = 0; t < length; t++) {
        double v;
        switch (cls) {
          case 0 -> {
            x -= drift;
            v = x + 0.1 * rnd.nextGaussian();
          }
          case 1 -> {
            x += drift;
            v = x + 0.1 * rnd.nextGaussian();
          }
          default -> v = level + amp * Math.sin(2 * Math.PI * t / period + phase)
              + 0.1 * rnd.nextGaussian();
        }
        double noise = 2 * rnd.nextDouble() - 1;
        if (t > 0) {
          sb.append(';');
        }
        sb.append(num(v)).append(',').append(num(noise));
      }
      sb.append("\"\n");
    }
    return sb.toString();
  }

  /** {@code count} sequences of the adding problem, one row per step, rows in (id, t) order. */
  public static String regress(long seed, int count) {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder("id,t,f0,f1,label\n");
    for (int id = 1; id <= count; id++) {
      int length = 6 + rnd.nextInt(15);
      int half = length / 2;
      int a = rnd.nextInt(half);
      int b = half + rnd.nextInt(length - half);
      int[] hundredths = new int[length];
      for (int t = 0; t < length; t++) {
        hundredths[t] = rnd.nextInt(101);
      }
      int sum = hundredths[a] + hundredths[b];
      String target = hundredths(sum);
      for (int t = 0; t < length; t++) {
        sb.append(id).append(',').append(t).append(',').append(hundredths(hundredths[t]))
            .append(',').append(t == a || t == b ? '1' : '0').append(',').append(target)
            .append('\n');
      }
    }
    return sb.toString();
  }

  /** v with two decimals, without "-0.00". */
  static String num(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.equals("-0.00") ? "0.00" : s;
  }

  /** n/100 exactly, with two decimals. */
  static String hundredths(int n) {
    return String.format(Locale.ROOT, "%d.%02d", n / 100, n % 100);
  }
}
