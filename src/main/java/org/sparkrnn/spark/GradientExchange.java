package org.sparkrnn.spark;

import java.io.Serializable;
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
 * all of them, ordered by partition.
 *
 * <p>Why not {@code BarrierTaskContext.allGather}: it does the same exchange, but in Spark 4.0 the
 * task waits for the answer by sleeping in steps of one second, so every step took a second.
 * Spark's RPC classes are Spark-internal (public in bytecode); this class is the only user.
 */
final class GradientExchange implements ThreadSafeRpcEndpoint {
  /** One task's part of a round: its partition's gradient sum (GradientWire bytes). */
  record Contribution(int stage, int stageAttempt, long round, int partition, int tasks,
      boolean stop, byte[] payload) implements Serializable {}

  private record Round(Contribution[] parts, List<RpcCallContext> waiting) {}

  private final RpcEnv env;
  private final Map<Long, Round> rounds = new HashMap<>();
  private int stage = -1;
  private int stageAttempt = -1;

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
   * No timeout: if a task fails, Spark kills the barrier stage's other tasks, which ends the wait.
   */
  static Contribution[] allGather(RpcEndpointRef exchange, TaskContext task, long round,
      int tasks, boolean stop, byte[] payload) {
    Contribution mine = new Contribution(task.stageId(), task.stageAttemptNumber(), round,
        task.partitionId(), tasks, stop, payload);
    return exchange.askSync(mine, RpcUtils.INFINITE_TIMEOUT(),
        scala.reflect.ClassTag$.MODULE$.apply(Contribution[].class));
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
        return message instanceof Contribution;
      }

      @Override
      public <A1, B1> B1 applyOrElse(A1 message, scala.Function1<A1, B1> otherwise) {
        if (!(message instanceof Contribution c)) {
          return otherwise.apply(message);
        }
        receive(c, context);
        @SuppressWarnings("unchecked")
        B1 unit = (B1) BoxedUnit.UNIT;
        return unit;
      }
    };
  }

  private void receive(Contribution c, RpcCallContext context) {
    // a retried stage starts over; parts of an earlier attempt still in flight are refused
    if (c.stage() > stage || c.stage() == stage && c.stageAttempt() > stageAttempt) {
      rounds.clear();
      stage = c.stage();
      stageAttempt = c.stageAttempt();
    } else if (c.stage() != stage || c.stageAttempt() != stageAttempt) {
      context.sendFailure(new IllegalStateException("stale gradient exchange message from stage "
          + c.stage() + " attempt " + c.stageAttempt()));
      return;
    }
    Round r = rounds.computeIfAbsent(c.round(),
        k -> new Round(new Contribution[c.tasks()], new ArrayList<>(c.tasks())));
    r.parts()[c.partition()] = c;
    r.waiting().add(context);
    if (r.waiting().size() == c.tasks()) {
      rounds.remove(c.round());
      for (RpcCallContext waiting : r.waiting()) {
        waiting.reply(r.parts());
      }
    }
  }
}
