package org.sparkrnn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two product backends agree with each other and with a naive triple loop on every
 * transpose combination, with offsets and padded leading dimensions, and touch nothing outside
 * the addressed block of C.
 */
class GemmBackendsTest {
  private static final double[] SCALARS = {1, 0, 0.5, -2};
  private static final double SENTINEL = 12345.678;

  /** One product's operands in padded buffers. */
  private record Problem(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double beta, double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c,
      int cOff, int ldc) {}

  private static Problem random(SplittableRandom r, boolean transA, boolean transB, int m, int n,
      int k, double alpha, double beta, boolean nanInC) {
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    int lda = aCols + r.nextInt(4);
    int ldb = bCols + r.nextInt(4);
    int ldc = n + 1 + r.nextInt(4);
    int aOff = 1 + r.nextInt(5);
    int bOff = 1 + r.nextInt(5);
    int cOff = 1 + r.nextInt(5);
    double[] a = filled(r, aOff + aRows * lda + 3);
    double[] b = filled(r, bOff + bRows * ldb + 3);
    double[] c = new double[cOff + m * ldc + 3];
    java.util.Arrays.fill(c, SENTINEL);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c[cOff + i * ldc + j] = nanInC ? Double.NaN : r.nextGaussian();
      }
    }
    return new Problem(transA, transB, m, n, k, alpha, beta, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
  }

  private static double[] filled(SplittableRandom r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = r.nextGaussian();
    }
    return d;
  }

  private static double opA(Problem p, int i, int l) {
    return p.transA ? p.a[p.aOff + l * p.lda + i] : p.a[p.aOff + i * p.lda + l];
  }

  private static double opB(Problem p, int l, int j) {
    return p.transB ? p.b[p.bOff + j * p.ldb + l] : p.b[p.bOff + l * p.ldb + j];
  }

  /** The naive result and, per entry, the magnitude scale for a relative comparison. */
  private static double[][] naive(Problem p) {
    double[] out = p.c.clone();
    double[] scale = new double[p.c.length];
    for (int i = 0; i < p.m; i++) {
      for (int j = 0; j < p.n; j++) {
        double s = 0;
        double mag = 0;
        for (int l = 0; l < p.k; l++) {
          double t = opA(p, i, l) * opB(p, l, j);
          s += t;
          mag += Math.abs(t);
        }
        int q = p.cOff + i * p.ldc + j;
        double old = p.beta == 0 ? 0 : p.beta * p.c[q];
        out[q] = p.alpha * s + old;
        scale[q] = Math.abs(p.alpha) * mag + Math.abs(old);
      }
    }
    return new double[][] {out, scale};
  }

  private static double[] run(Gemm g, Problem p) {
    double[] c = p.c.clone();
    double[] a = p.a.clone();
    double[] b = p.b.clone();
    g.gemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, a, p.aOff, p.lda, b, p.bOff, p.ldb,
        p.beta, c, p.cOff, p.ldc);
    assertTrue(java.util.Arrays.equals(a, p.a), g.name() + " changed A");
    assertTrue(java.util.Arrays.equals(b, p.b), g.name() + " changed B");
    return c;
  }

  private static boolean inBlock(Problem p, int q) {
    int rel = q - p.cOff;
    return rel >= 0 && rel / p.ldc < p.m && rel % p.ldc < p.n;
  }

  private static void check(String what, Problem p, double[] expected, double[] scale,
      double[] actual) {
    check(what, p, expected, scale, actual, 1e-12);
  }

  private static void check(String what, Problem p, double[] expected, double[] scale,
      double[] actual, double relTol) {
    for (int q = 0; q < actual.length; q++) {
      if (!inBlock(p, q)) {
        if (Double.doubleToRawLongBits(actual[q]) != Double.doubleToRawLongBits(p.c[q])) {
          fail(what + ": entry " + q + " outside the block changed from " + p.c[q] + " to "
              + actual[q] + " " + p);
        }
        continue;
      }
      double tol = relTol * Math.max(scale[q], 1e-300) + 1e-300;
      if (!(Math.abs(actual[q] - expected[q]) <= tol)) {
        fail(what + ": C[" + q + "] = " + actual[q] + ", expected " + expected[q] + " (m=" + p.m
            + " n=" + p.n + " k=" + p.k + " transA=" + p.transA + " transB=" + p.transB
            + " alpha=" + p.alpha + " beta=" + p.beta + ")");
      }
    }
  }

  @Test
  void backendsAgreeWithEachOtherAndANaiveLoop() {
    SplittableRandom r = new SplittableRandom(20240601);
    Gemm blas = new BlasGemm();
    Gemm ejml = new Ejml();
    int[] edge = {1, 2, 37};
    int cases = 0;
    for (int trial = 0; trial < 40; trial++) {
      // the first trials pin m, n or k to 1 and 37; the rest draw from 1..37
      int m = trial < 3 ? edge[trial] : 1 + r.nextInt(37);
      int n = trial >= 3 && trial < 6 ? edge[trial - 3] : 1 + r.nextInt(37);
      int k = trial >= 6 && trial < 9 ? edge[trial - 6] : 1 + r.nextInt(37);
      if (trial == 9) {
        m = n = k = 1;
      }
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          for (double alpha : SCALARS) {
            for (double beta : SCALARS) {
              Problem p = random(r, ta, tb, m, n, k, alpha, beta, false);
              double[][] ref = naive(p);
              double[] cb = run(blas, p);
              double[] ce = run(ejml, p);
              check("blas vs naive", p, ref[0], ref[1], cb);
              check("ejml vs naive", p, ref[0], ref[1], ce);
              // and the two backends against each other, relative to the same scale
              check("blas vs ejml", p, ce, ref[1], cb);
              cases++;
            }
          }
        }
      }
    }
    assertEquals(40 * 4 * 16, cases);
  }

  /**
   * The float backend agrees with the naive double loop to single precision (float rounding of
   * the operands and sums: ~k·2⁻²⁴ relative to the magnitudes), with either operand bound as the
   * constant parameter array and used in place at its offset.
   */
  @Test
  void floatBackendAgreesToSinglePrecisionBoundOrNot() {
    SplittableRandom r = new SplittableRandom(99);
    int cases = 0;
    for (int trial = 0; trial < 12; trial++) {
      int m = 1 + r.nextInt(37);
      int n = 1 + r.nextInt(37);
      int k = 1 + r.nextInt(37);
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          for (double alpha : SCALARS) {
            for (double beta : SCALARS) {
              Problem p = random(r, ta, tb, m, n, k, alpha, beta, false);
              double[][] ref = naive(p);
              for (int bind = 0; bind < 3; bind++) {
                FloatGemm g = new FloatGemm();
                double[] c = p.c.clone();
                double[] a = p.a.clone();
                double[] b = p.b.clone();
                if (bind == 1) {
                  g.bindConstant(a);
                } else if (bind == 2) {
                  g.bindConstant(b);
                }
                g.gemm(ta, tb, m, n, k, alpha, a, p.aOff, p.lda, b, p.bOff, p.ldb, beta, c,
                    p.cOff, p.ldc);
                check("f32 (bound " + bind + ") vs naive", p, ref[0], ref[1], c, 1e-5);
                cases++;
              }
            }
          }
        }
      }
    }
    assertEquals(12 * 4 * 16 * 3, cases);
  }

  @Test
  void betaZeroIgnoresNanAlreadyInC() {
    SplittableRandom r = new SplittableRandom(7);
    for (Gemm g : new Gemm[] {new BlasGemm(), new Ejml(), new FloatGemm()}) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          for (double alpha : SCALARS) {
            int m = 1 + r.nextInt(9);
            int n = 1 + r.nextInt(9);
            int k = 1 + r.nextInt(9);
            Problem p = random(r, ta, tb, m, n, k, alpha, 0, true);
            double[] c = run(g, p);
            double[][] ref = naive(p);
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) {
                int q = p.cOff + i * p.ldc + j;
                assertTrue(Double.isFinite(c[q]), g.name() + ": NaN in C survived beta=0 at ("
                    + i + "," + j + ") alpha=" + alpha + " transA=" + ta + " transB=" + tb);
              }
            }
            check(g.name() + " beta=0 over NaN", p, ref[0], ref[1], c,
                g instanceof FloatGemm ? 1e-5 : 1e-12);
          }
        }
      }
    }
  }

  @Test
  void backendsChosenByName() {
    assertEquals("ejml", Backends.create("ejml").name());
    assertTrue(Backends.create("blas").name().startsWith("blas:"));
    assertTrue(Backends.create("blas-f32").name().startsWith("blas-f32:"));
    try {
      Backends.create("cuda");
      fail("an unknown backend name must be rejected");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("cuda"), e.getMessage());
    }
  }
}
