package org.sparkrnn.spark;

import org.apache.spark.TaskContext;
import org.sparkrnn.train.GradientSum;

/**
 * The gradient all-reduce of a barrier segment's steps, as a task sees it: send this task's part
 * of step k with its flags, get back the total of every task's part with partition 0's flags. The
 * driver side is an {@link Endpoint} the tasks find by name.
 *
 * <p>The messages state what they are: a part carries the header (PART, stage, stage attempt,
 * step, partition, task count, flags), the answer (TOTAL, step, flags); the payloads are
 * {@link GradientWire} sums, or in the driver's JVM the sums themselves.
 *
 * <p>This is the one seam to Spark's {@code private[spark]} API: its implementation,
 * {@link GradientExchange}, runs on Spark's internal RPC classes, and no other class of the
 * project touches them. {@link #unavailable()} tells at start-up whether the running Spark still
 * has what the implementation calls, so a Spark upgrade that changes them costs the barrier mode
 * (with one line saying why), never a failure in the middle of training.
 */
interface AllReduce {
  /** A flag of partition 0's part, passed on to every task: the segment ends after this step. */
  int STOP = 1;

  /**
   * The answer of a step: the step, partition 0's flags, the total — GradientWire bytes, or the
   * {@link GradientSum} itself when the parts came as objects.
   */
  record Total(long step, int flags, Object sum) {
    boolean stop() {
      return (flags & STOP) != 0;
    }
  }

  /**
   * This task's part of {@code step} with its flags; the total. The part is GradientWire bytes,
   * or, where the task runs in the driver's JVM (local mode), the {@link GradientSum} itself:
   * Spark's RPC passes a message to an endpoint in its own JVM by reference, so nothing is encoded
   * or decoded, and every task then reads the one total, which no one changes.
   */
  Total allReduce(long step, int flags, Object part);

  /** The total of an answer as a sum (decoded when it came as bytes). */
  static GradientSum sum(Total total) {
    return total.sum() instanceof GradientSum s ? s : GradientWire.decode((byte[]) total.sum());
  }

  /** The driver's side of an exchange, open until {@link #close()}. */
  interface Endpoint extends AutoCloseable {
    /** The name tasks {@link #connect} to. */
    String name();

    @Override
    void close();
  }

  /** Starts an exchange on the driver that adds the parts with fan-in {@code fanIn}. */
  static Endpoint start(int fanIn) {
    return GradientExchange.start(fanIn);
  }

  /** A barrier task's side of the exchange {@code name}, for a stage of {@code tasks} tasks. */
  static AllReduce connect(String name, TaskContext task, int tasks) {
    return GradientExchange.connect(name, task, tasks);
  }

  /**
   * Null when the running Spark has every class and method the exchange calls; else one line
   * naming the first one missing and the Spark version.
   */
  static String unavailable() {
    return SparkInternals.unavailable(SparkInternals.REQUIRED);
  }
}
