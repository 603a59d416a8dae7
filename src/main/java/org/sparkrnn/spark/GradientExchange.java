package org.sparkrnn.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.ThreadSafeRpcEndpoint;
import org.apache.spark.util.RpcUtils;
import scala.PartialFunction;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The all-gather of a barrier segment's steps: a driver endpoint on Spark's own RPC environment
 * (the transport the driver and executors already share; in local mode a message is handed over
 * by reference) that collects one contribution per task for a round and answers every task with
 * all of them, ordered by partition. A part is opaque bytes (see {@link BarrierSegment}).
 *
 * <p>Why not {@code BarrierTaskContext.allGather}: it does the same exchange, but in Spark 4.0 the
 * task waits for the answer by sleeping in steps of one second, so every step took a second.
 * Spark's RPC classes are Spark-internal (public in bytecode); this class is the only user.
 */
final class GradientExchange implements ThreadSafeRpcEndpoint {
  private record Round(byte[][] parts, List<RpcCallContext> waiting) {}

  private final RpcEnv env;
  private final Map<Long, Round> rounds = new HashMap<>();
  private long stage = -1;
  private long stageAttempt = -1;

  private GradientExchange(RpcEnv env) {
    this.env = env;
  }

  /** Starts an exchange on the driver; tasks find it by the reference's name. */
  static RpcEndpointRef start() {
    RpcEnv env = SparkEnv.get().rpcEnv();
    return env.setupEndpoint("spark-rnn-exchange-" + UUID.randomUUID(), new GradientExchange(env));
  }

  /** Stops an exchange {@link #start} made. */
  static void stop(RpcEndpointRef exchange) {
    SparkEnv.get().rpcEnv().stop(exchange);
  }

  /** The driver's exchange, from a task. */
  static RpcEndpointRef connect(String name) {
    return RpcUtils.makeDriverRef(name, SparkEnv.get().conf(), SparkEnv.get().rpcEnv());
  }

  /**
   * Sends this task's part of round {@code round} and waits for every task's, in partition order.
   * The messages hold JDK types only: the RPC layer reads them before the application's jar is
   * on its class loader. No timeout: if a task fails, Spark kills the barrier stage's other
   * tasks, which ends the wait.
   */
  static byte[][] allGather(RpcEndpointRef exchange, TaskContext task, long round, int tasks,
      byte[] part) {
    long[] header = {task.stageId(), task.stageAttemptNumber(), round, task.partitionId(), tasks};
    return exchange.askSync(new Object[] {header, part}, RpcUtils.INFINITE_TIMEOUT(),
        scala.reflect.ClassTag$.MODULE$.apply(byte[][].class));
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
        return message instanceof Object[] m && m.length == 2 && m[0] instanceof long[]
            && m[1] instanceof byte[];
      }

      @Override
      public <A1, B1> B1 applyOrElse(A1 message, scala.Function1<A1, B1> otherwise) {
        if (!isDefinedAt(message)) {
          return otherwise.apply(message);
        }
        Object[] m = (Object[]) message;
        receive((long[]) m[0], (byte[]) m[1], context);
        @SuppressWarnings("unchecked")
        B1 unit = (B1) BoxedUnit.UNIT;
        return unit;
      }
    };
  }

  /** header: stage, stage attempt, round, partition, task count. */
  private void receive(long[] header, byte[] part, RpcCallContext context) {
    long msgStage = header[0];
    long msgAttempt = header[1];
    long round = header[2];
    int partition = (int) header[3];
    int tasks = (int) header[4];
    // a retried stage starts over; parts of an earlier attempt still in flight are refused
    if (msgStage > stage || msgStage == stage && msgAttempt > stageAttempt) {
      rounds.clear();
      stage = msgStage;
      stageAttempt = msgAttempt;
    } else if (msgStage != stage || msgAttempt != stageAttempt) {
      context.sendFailure(new IllegalStateException("stale gradient exchange message from stage "
          + msgStage + " attempt " + msgAttempt));
      return;
    }
    Round r = rounds.computeIfAbsent(round,
        k -> new Round(new byte[tasks][], new ArrayList<>(tasks)));
    r.parts()[partition] = part;
    r.waiting().add(context);
    if (r.waiting().size() == tasks) {
      rounds.remove(round);
      for (RpcCallContext waiting : r.waiting()) {
        waiting.reply(r.parts());
      }
    }
  }
}
