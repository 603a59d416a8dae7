package org.sparkrnn.spark;

import org.apache.spark.TaskContext;

/**
 * The gradient all-reduce of a barrier segment's steps, as a task sees it: send this task's part
 * of round k, get back the total of every task's part. The driver side is an {@link Endpoint} the
 * tasks find by name.
 *
 * <p>This is the one seam to Spark's {@code private[spark]} API: its implementation,
 * {@link GradientExchange}, runs on Spark's internal RPC classes, and no other class of the
 * project touches them. {@link #unavailable()} tells at start-up whether the running Spark still
 * has what the implementation calls, so a Spark upgrade that changes them costs the barrier mode
 * (with one line saying why), never a failure in the middle of training.
 */
interface AllReduce {

  /** This task's part for {@code round} (GradientWire bytes); the total of all tasks' parts. */
  byte[] allReduce(long round, byte[] part);

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
    return GradientExchange.unavailable(GradientExchange.REQUIRED);
  }
}
