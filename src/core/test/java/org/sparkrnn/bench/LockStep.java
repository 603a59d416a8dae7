package org.sparkrnn.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;

/**
 * What synchronous steps cost the cores themselves, for reading bench-cluster's "compute" part:
 * the forward + backward of an LSTM 256 (V 65, T 64, 32 sequences: one task's half of
 * bench-spark's global batch) timed on one thread alone, on two threads that run freely, and on
 * two threads that start every step together as a barrier stage's tasks do. Each line gives the
 * mean compute per step and, for two threads, the one-thread time (the mean of the runs before
 * and after) over it: 1.00 means a core computes as fast with the other one busy. No Spark, no
 * exchange, no update. Build first (`mvn -DskipTests package`), then
 *
 *   OPENBLAS_NUM_THREADS=1 java --add-modules=jdk.incubator.vector \
 *     -cp "target/spark-rnn-0.1.0.jar:src/core/target/test-classes:target/lib/*" \
 *     org.sparkrnn.bench.LockStep [steps per run] [rounds]
 */
public class LockStep {
  private static final ModelConfig MODEL = ModelConfig.builder().cell(CellType.parse("lstm"))
      .vocabSize(65).hiddenSize(256).outputSize(65).build();
  private static final int BATCH = 32;
  private static final int SEQ = 64;

  /** One thread's network, parameters, gradient and random sequences. */
  private static final class Worker {
    final Network net = Network.create(MODEL, Backends.defaultBackend());
    final Params params = new Params(net.layout());
    final Params grad = params.zerosLike();
    final SequenceBatch data;

    Worker(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      double[] p = params.data();
      for (int i = 0; i < p.length; i++) {
        p[i] = r.nextDouble(-0.06, 0.06);
      }
      int[] tokens = new int[(SEQ + 1) * BATCH];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = r.nextInt(MODEL.vocabSize());
      }
      data = SequenceBatch.tokens(BATCH, SEQ, Arrays.copyOfRange(tokens, 0, SEQ * BATCH),
          Arrays.copyOfRange(tokens, BATCH, (SEQ + 1) * BATCH), null, true, null);
    }

    long step() {
      long t0 = System.nanoTime();
      grad.fill(0);
      net.forwardBackward(data, params, grad, null, null);
      return System.nanoTime() - t0;
    }
  }

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    run(2, false, 40); // JIT
    for (int r = 1; r <= rounds; r++) {
      double alone = run(1, false, steps);
      double free = run(2, false, steps);
      double lockStep = run(2, true, steps);
      double aloneAfter = run(1, false, steps);
      double one = (alone + aloneAfter) / 2;
      System.out.printf("round %d: one thread %.1f ms, two free %.1f ms (%.2f), two in lock-step "
          + "%.1f ms (%.2f), one thread %.1f ms%n", r, alone, free, one / free, lockStep,
          one / lockStep, aloneAfter);
    }
  }

  /** The mean compute per step of {@code threads} workers, ms (the first 3 steps left out). */
  private static double run(int threads, boolean lockStep, int steps) throws Exception {
    Worker[] workers = new Worker[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker(i + 1);
    }
    CyclicBarrier together = new CyclicBarrier(threads);
    long[][] times = new long[threads][steps];
    Thread[] running = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      int k = i;
      running[i] = new Thread(() -> {
        try {
          for (int s = 0; s < steps; s++) {
            if (lockStep) {
              together.await();
            }
            times[k][s] = workers[k].step();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      running[i].start();
    }
    for (Thread t : running) {
      t.join();
    }
    long sum = 0;
    int n = 0;
    for (long[] t : times) {
      for (int s = Math.min(3, steps - 1); s < steps; s++) {
        sum += t[s];
        n++;
      }
    }
    return sum / 1e6 / n;
  }
}
