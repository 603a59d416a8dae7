package org.sparkrnn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * How steady this machine's cores are, for reading jobs/bench-cluster: one fixed chunk of
 * arithmetic (a 160x160 matrix product, in cache) timed over and over, on one core alone and
 * then on every core at once. Prints each core's chunk times (median, spread), how the cores'
 * speeds correlate, and the straggler factor of synchronous steps: a step of k chunks on every
 * core ends with the slowest core, so it takes E[max over cores] where independent work would
 * take E[mean]. No Spark, no project code: after `mvn -DskipTests package`, run it as
 * `java -cp src/core/target/test-classes org.sparkrnn.bench.CpuSteadiness [seconds] [chunks per step]`.
 */
public class CpuSteadiness {
  private static final int N = 160;

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int perStep = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int cores = Runtime.getRuntime().availableProcessors();
    chunks(1, 2); // JIT
    List<long[]> alone = chunks(1, seconds / 2);
    List<long[]> together = chunks(cores, seconds);
    System.out.printf("one core alone: chunk median %.1f ms (%.1f-%.1f)%n",
        median(alone.get(0)) / 1e6, min(alone.get(0)) / 1e6, max(alone.get(0)) / 1e6);
    for (int c = 0; c < cores; c++) {
      long[] t = together.get(c);
      System.out.printf("%d cores at once, thread %d: chunk median %.1f ms (%.1f-%.1f), %d chunks%n",
          cores, c, median(t) / 1e6, min(t) / 1e6, max(t) / 1e6, t.length);
    }
    int n = Integer.MAX_VALUE;
    for (long[] t : together) {
      n = Math.min(n, t.length);
    }
    if (cores >= 2) {
      System.out.printf("correlation of thread 0's and thread 1's chunk times: %.2f%n",
          correlation(together.get(0), together.get(1), n));
    }
    double sumMax = 0;
    double sumMean = 0;
    for (int s = 0; s + perStep <= n; s += perStep) {
      double slowest = 0;
      double all = 0;
      for (long[] t : together) {
        double step = 0;
        for (int i = s; i < s + perStep; i++) {
          step += t[i];
        }
        slowest = Math.max(slowest, step);
        all += step;
      }
      sumMax += slowest;
      sumMean += all / cores;
    }
    System.out.printf("synchronous steps of %d chunks on %d cores: the slowest core takes %.3fx "
        + "the cores' mean%n", perStep, cores, sumMax / sumMean);
  }

  /** Chunk times, nanoseconds, of {@code threads} threads that run side by side for seconds. */
  private static List<long[]> chunks(int threads, double seconds) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    long[][] times = new long[threads][];
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        times[index] = timeChunks(seconds);
      });
      running.add(th);
      th.start();
    }
    for (Thread th : running) {
      th.join(); // also makes times[] visible here
    }
    return List.of(times);
  }

  private static long[] timeChunks(double seconds) {
    double[] x = new double[N * N];
    double[] y = new double[N * N];
    double[] z = new double[N * N];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i);
      y[i] = Math.cos(i);
    }
    List<Long> times = new ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < 40; rep++) {
        for (int i = 0; i < N; i++) {
          for (int k = 0; k < N; k++) {
            double v = x[i * N + k];
            for (int j = 0; j < N; j++) {
              z[i * N + j] += v * y[k * N + j];
            }
          }
        }
      }
      times.add(System.nanoTime() - t0);
    }
    if (z[7] == 42) {
      System.out.print(""); // keeps the product from being optimized away
    }
    return times.stream().mapToLong(Long::longValue).toArray();
  }

  private static double median(long[] t) {
    long[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long min(long[] t) {
    return Arrays.stream(t).min().orElse(0);
  }

  private static long max(long[] t) {
    return Arrays.stream(t).max().orElse(0);
  }

  private static double correlation(long[] a, long[] b, int n) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
