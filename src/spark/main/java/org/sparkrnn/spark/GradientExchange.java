package org.sparkrnn.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.RpcTimeout;
import org.apache.spark.rpc.ThreadSafeRpcEndpoint;
import org.apache.spark.util.RpcUtils;
import org.sparkrnn.train.GradientSum;
import scala.PartialFunction;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.concurrent.duration.Duration;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The gradient all-reduce of a barrier segment's steps: a driver endpoint on Spark's own RPC
 * environment (the transport the driver and executors already share; in local mode a message is
 * handed over by reference) that collects every task's gradient sum for a round, adds them as the
 * one-job-per-step path does ({@link OrderedSum#addAsTree}: partition order, the same fan-in
 * grouping) and answers every task with the total. The driver receives and sends one sum per
 * task, so its traffic grows with the task count, not its square as an all-gather's would.
 *
 * <p>Why not {@code BarrierTaskContext.allGather}: in Spark 4.0 the task waits for the answer by
 * sleeping in steps of one second, so every step took a second; and it is an all-gather. Spark's
 * RPC classes are Spark-internal (public in bytecode); this class is the only user, behind
 * {@link AllReduce}, and {@link SparkInternals#REQUIRED} lists every one of their members it
 * calls.
 */
final class GradientExchange implements ThreadSafeRpcEndpoint {
  /**
   * No timeout (Spark 4.0's RpcUtils.INFINITE_TIMEOUT, which later versions dropped); made per
   * message, not when the class loads, so that loading it needs nothing the probe checks.
   */
  private static RpcTimeout noTimeout() {
    return new RpcTimeout(Duration.create(Long.MAX_VALUE, TimeUnit.NANOSECONDS),
        "spark-rnn.exchange (no timeout)");
  }
  /** The header's first field: what a message is. */
  static final long PART = 1;
  static final long TOTAL = 2;
  /** A part's header: kind, stage, stage attempt, step, partition, task count, flags. */
  private static final int PART_HEADER = 7;

  /**
   * A step's parts, decoded as they arrive (while the others are still computing), the tasks
   * waiting for the total, partition 0's flags (the answer's) and the first part that could not
   * be read.
   */
  private static final class Round {
    final GradientSum[] parts;
    final List<RpcCallContext> waiting;
    long flags;
    /** Whether the parts came as objects (tasks in this JVM): the total goes back as one too. */
    boolean byReference;
    RuntimeException failure;

    Round(int tasks) {
      parts = new GradientSum[tasks];
      waiting = new ArrayList<>(tasks);
    }
  }

  private static final FiniteDuration POLL = Duration.create(200, TimeUnit.MILLISECONDS);

  private final RpcEnv env;
  private final int fanIn;
  /**
   * Sends every answer but the first: an answer is serialized by the thread that sends it
   * (~3 ms for the 2.8 MB total of an LSTM 256), and one after the other the last task waited
   * for all of them.
   */
  private final ExecutorService replies = Executors.newCachedThreadPool(runnable -> {
    Thread t = new Thread(runnable, "spark-rnn-exchange-reply");
    t.setDaemon(true);
    return t;
  });
  private final Map<Long, Round> rounds = new HashMap<>();
  private long stage = -1;
  private long stageAttempt = -1;

  private GradientExchange(RpcEnv env, int fanIn) {
    this.env = env;
    this.fanIn = fanIn;
  }

  /** Starts an exchange on the driver that adds with {@code fanIn}; tasks find it by name. */
  static AllReduce.Endpoint start(int fanIn) {
    RpcEnv env = SparkEnv.get().rpcEnv();
    RpcEndpointRef ref = env.setupEndpoint("spark-rnn-exchange-" + UUID.randomUUID(),
        new GradientExchange(env, fanIn));
    return new AllReduce.Endpoint() {
      @Override
      public String name() {
        return ref.name();
      }

      @Override
      public void close() {
        env.stop(ref);
      }
    };
  }

  @Override
  public void onStop() {
    replies.shutdown();
  }

  /**
   * A task's side of the driver's exchange {@code name}: {@link AllReduce#allReduce} sends this
   * task's gradient sum for a step ({@link GradientWire} bytes, or the sum itself from a task in
   * the driver's JVM; partition 0's flags are the answer's) and waits for the total of all
   * tasks'. Messages that cross a network hold JDK types only: an executor's RPC layer reads
   * them before the application's jar is on its class loader. No
   * timeout, but the wait ends when Spark kills the task: when one task of a barrier stage fails,
   * Spark marks the others killed without interrupting them, and a task left waiting would hold
   * its slot from the stage's retry.
   */
  static AllReduce connect(String name, TaskContext task, int tasks) {
    RpcEndpointRef exchange = driverRef(name);
    return (step, flags, part) -> {
      Object[] answer = await(ask(exchange, partHeader(task.stageId(), task.stageAttemptNumber(),
          step, task.partitionId(), tasks, flags), part), task);
      return total(answer, step);
    };
  }

  /** The header of a part. */
  static long[] partHeader(long stage, long attempt, long step, int partition, int tasks, int flags) {
    return new long[] {PART, stage, attempt, step, partition, tasks, flags};
  }

  /** An answer as the task's {@link AllReduce.Total}; one for another step is a protocol error. */
  static AllReduce.Total total(Object[] answer, long step) {
    long[] header = (long[]) answer[0];
    if (header.length != 3 || header[0] != TOTAL || header[1] != step) {
      throw new IllegalStateException("gradient exchange: expected the total of step " + step
          + ", got header " + Arrays.toString(header));
    }
    return new AllReduce.Total(step, (int) header[2], answer[1]);
  }

  /** The driver's exchange {@code name}, from a task or from the driver itself. */
  static RpcEndpointRef driverRef(String name) {
    return RpcUtils.makeDriverRef(name, SparkEnv.get().conf(), SparkEnv.get().rpcEnv());
  }

  /**
   * Sends a part ({@link #partHeader}) and its payload (bytes, or a sum in the driver's JVM); the
   * answer is {header, total}.
   */
  static Future<Object[]> ask(RpcEndpointRef exchange, long[] header, Object part) {
    return exchange.ask(new Object[] {header, part}, noTimeout(),
        ClassTag$.MODULE$.apply(Object[].class));
  }

  private static Object[] await(Future<Object[]> reply, TaskContext task) {
    while (true) {
      try {
        return Await.result(reply, POLL);
      } catch (TimeoutException e) {
        task.killTaskIfInterrupted();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the gradient total", e);
      }
    }
  }

  @Override
  public RpcEnv rpcEnv() {
    return env;
  }

  @Override
  public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
    return new AbstractPartialFunction<>() {
      @Override
      public boolean isDefinedAt(Object message) {
        return message instanceof Object[] m && m.length == 2 && m[0] instanceof long[] h
            && h.length == PART_HEADER && h[0] == PART
            && (m[1] instanceof byte[] || m[1] instanceof GradientSum);
      }

      @Override
      public <A1, B1> B1 applyOrElse(A1 message, scala.Function1<A1, B1> otherwise) {
        if (!isDefinedAt(message)) {
          return otherwise.apply(message);
        }
        Object[] m = (Object[]) message;
        receive((long[]) m[0], m[1], context);
        @SuppressWarnings("unchecked")
        B1 unit = (B1) BoxedUnit.UNIT;
        return unit;
      }
    };
  }

  /** header: PART, stage, stage attempt, step, partition, task count, flags. */
  private void receive(long[] header, Object part, RpcCallContext context) {
    long msgStage = header[1];
    long msgAttempt = header[2];
    long round = header[3];
    int partition = (int) header[4];
    int tasks = (int) header[5];
    // a retried stage starts over; parts of an earlier attempt still in flight are refused
    if (msgStage > stage || msgStage == stage && msgAttempt > stageAttempt) {
      for (Round stale : rounds.values()) {
        stale.waiting.forEach(waiting -> waiting.sendFailure(new IllegalStateException(
            "stage " + stage + " attempt " + stageAttempt + " was superseded")));
      }
      rounds.clear();
      stage = msgStage;
      stageAttempt = msgAttempt;
    } else if (msgStage != stage || msgAttempt != stageAttempt) {
      context.sendFailure(new IllegalStateException("stale gradient exchange message from stage "
          + msgStage + " attempt " + msgAttempt));
      return;
    }
    Round r = rounds.computeIfAbsent(round, k -> new Round(tasks));
    r.waiting.add(context);
    try {
      // the header must agree with the round it joins: the same task count, a new partition
      if (tasks != r.parts.length || partition < 0 || partition >= r.parts.length
          || r.parts[partition] != null) {
        throw new IllegalStateException("gradient exchange, step " + round + ": partition "
            + partition + " of " + tasks + " does not fit the round of " + r.parts.length
            + " tasks" + (partition >= 0 && partition < r.parts.length
                && r.parts[partition] != null ? " (it sent this step twice)" : ""));
      }
      if (part instanceof GradientSum sum) {
        r.parts[partition] = sum;
        r.byReference = true;
      } else {
        r.parts[partition] = GradientWire.decodePart((byte[]) part);
      }
      if (partition == 0) {
        r.flags = header[6];
      }
    } catch (RuntimeException e) {
      if (r.failure == null) {
        r.failure = e;
      }
    }
    if (r.waiting.size() < r.parts.length) {
      return;
    }
    rounds.remove(round);
    Object[] total;
    try {
      if (r.failure != null) {
        throw r.failure;
      }
      GradientSum sum = OrderedSum.addAsTree(Arrays.asList(r.parts), fanIn);
      total = new Object[] {new long[] {TOTAL, round, r.flags},
          r.byReference ? sum : GradientWire.encode(sum)};
    } catch (RuntimeException e) {
      r.waiting.forEach(waiting -> waiting.sendFailure(e));
      return;
    }
    List<RpcCallContext> waiting = r.waiting;
    for (int i = 1; i < waiting.size(); i++) {
      RpcCallContext other = waiting.get(i);
      replies.execute(() -> other.reply(total));
    }
    waiting.get(0).reply(total);
  }
}
