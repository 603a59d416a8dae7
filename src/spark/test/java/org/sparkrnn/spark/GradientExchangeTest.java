package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sparkrnn.train.GradientSum;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.concurrent.duration.Duration;

/**
 * The driver's gradient exchange on a real SparkSession's RPC environment, asked the way barrier
 * tasks ask it: parts arriving in any order come back to every task as the ordered tree sum
 * with partition 0's flags in the answer's header, and a part that cannot be read fails the
 * whole round (every task, not only its sender) while the next round still works.
 */
class GradientExchangeTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  static GradientSum part(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    GradientSum s = new GradientSum(1000);
    for (int i = 0; i < s.grad.length; i++) {
      s.grad[i] = r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-40, 40));
    }
    s.loss = r.nextDouble();
    s.items = 10 + seed;
    s.steps = 100 + seed;
    s.examples = 2;
    s.maxComputeNanos = 1000 * (seed + 1);
    s.totalComputeNanos = s.maxComputeNanos;
    s.computeTasks = 1;
    s.states = new java.util.HashMap<>();
    s.states.put(seed, new double[] {seed, -seed});
    return s;
  }

  static Future<Object[]> ask(AllReduce.Endpoint exchange, long step, int partition, int tasks,
      int flags, Object part) {
    return GradientExchange.ask(GradientExchange.driverRef(exchange.name()),
        GradientExchange.partHeader(0, 0, step, partition, tasks, flags), part);
  }

  static AllReduce.Total await(Future<Object[]> answer, long step) throws Exception {
    return GradientExchange.total(Await.result(answer, Duration.create(60, TimeUnit.SECONDS)), step);
  }

  @Test
  void everyTaskGetsTheOrderedTreeSumWithPartitionZerosFlag() throws Exception {
    AllReduce.Endpoint exchange = AllReduce.start(2);
    try {
      int tasks = 5;
      for (long round = 0; round < 3; round++) {
        List<GradientSum> parts = new ArrayList<>();
        for (int p = 0; p < tasks; p++) {
          parts.add(part(round * 10 + p));
        }
        int flags = round == 2 ? AllReduce.STOP : 0;
        List<Future<Object[]>> answers = new ArrayList<>();
        for (int p : new int[] {3, 0, 4, 1, 2}) { // out of order, partition 0 neither end
          answers.add(ask(exchange, round, p, tasks, p == 0 ? flags : AllReduce.STOP - flags,
              GradientWire.encode(parts.get(p))));
        }
        List<GradientSum> copies = new ArrayList<>();
        for (GradientSum p : parts) {
          copies.add(GradientWire.decode(GradientWire.encode(p)));
        }
        GradientSum want = OrderedSum.addAsTree(copies, 2);
        for (Future<Object[]> answer : answers) {
          AllReduce.Total got = await(answer, round);
          assertEquals(flags, got.flags(), "the answer carries partition 0's flags");
          assertEquals(round, got.step());
          GradientWireTest.assertSame(want, GradientWire.decode((byte[]) got.sum()));
        }
      }
    } finally {
      exchange.close();
    }
  }

  /**
   * Parts handed over as objects (tasks in the driver's JVM): every task gets the one total,
   * object for object, equal to the same parts added as bytes.
   */
  @Test
  void partsInTheDriversJvmTravelAsObjects() throws Exception {
    AllReduce.Endpoint exchange = AllReduce.start(2);
    try {
      int tasks = 3;
      List<GradientSum> copies = new ArrayList<>();
      List<Future<Object[]>> answers = new ArrayList<>();
      for (int p : new int[] {2, 0, 1}) {
        copies.add(GradientWire.decode(GradientWire.encode(part(p))));
        answers.add(GradientExchange.ask(GradientExchange.driverRef(exchange.name()),
            GradientExchange.partHeader(0, 0, 0, p, tasks, 0), part(p)));
      }
      copies.sort(java.util.Comparator.comparingLong(c -> c.maxComputeNanos));
      GradientSum want = OrderedSum.addAsTree(copies, 2);
      Object first = null;
      for (Future<Object[]> answer : answers) {
        AllReduce.Total got = await(answer, 0);
        GradientWireTest.assertSame(want, AllReduce.sum(got));
        first = first == null ? got.sum() : first;
        assertTrue(got.sum() == first, "one total for every task");
        assertEquals(0, AllReduce.sum(got).wireBytes, "nothing was encoded");
      }
    } finally {
      exchange.close();
    }
  }

  /** A part whose header does not fit its round (sent twice) fails the round, naming why. */
  @Test
  void aPartSentTwiceFailsItsRound() throws Exception {
    AllReduce.Endpoint exchange = AllReduce.start(2);
    try {
      byte[] part = GradientWire.encode(part(1));
      Future<Object[]> first = ask(exchange, 0, 1, 2, 0, part);
      Future<Object[]> again = ask(exchange, 0, 1, 2, 0, part);
      Exception e = assertThrows(Exception.class, () -> await(first, 0));
      assertThrows(Exception.class, () -> await(again, 0));
      String messages = String.valueOf(e.getMessage()) + " " + String.valueOf(e.getCause());
      assertTrue(messages.contains("sent this step twice"), messages);
    } finally {
      exchange.close();
    }
  }

  /** What a Spark upgrade could take away is looked up; this Spark has all of it. */
  @Test
  void theRunningSparkHasEveryMemberTheExchangeCalls() {
    assertNull(AllReduce.unavailable(), "this Spark cannot host the barrier exchange");
    List<String[]> more = new ArrayList<>(SparkInternals.REQUIRED);
    more.add(new String[] {"org.apache.spark.rpc.RpcEndpointRef", "askEventually", "java.lang.Object"});
    String why = SparkInternals.unavailable(more);
    assertEquals("Spark " + SPARK.session().version() + " lacks org.apache.spark.rpc.RpcEndpointRef"
        + ".askEventually(java.lang.Object), which the barrier gradient exchange calls", why);
  }

  @Test
  void anUnreadablePartFailsEveryTaskOfItsRoundOnly() throws Exception {
    AllReduce.Endpoint exchange = AllReduce.start(8);
    try {
      byte[] good = GradientWire.encode(part(1));
      byte[] bad = java.util.Arrays.copyOf(good, good.length + 3);
      Future<Object[]> first = ask(exchange, 0, 0, 2, 0, good);
      Future<Object[]> second = ask(exchange, 0, 1, 2, 0, bad);
      assertThrows(Exception.class, () -> await(first, 0));
      assertThrows(Exception.class, () -> await(second, 0));
      Future<Object[]> a = ask(exchange, 1, 1, 2, 0, GradientWire.encode(part(2)));
      Future<Object[]> b = ask(exchange, 1, 0, 2, AllReduce.STOP, GradientWire.encode(part(3)));
      GradientSum want = OrderedSum.addAsTree(List.of(part(3), part(2)), 8);
      GradientWireTest.assertSame(want, GradientWire.decode((byte[]) await(a, 1).sum()));
      assertTrue(await(b, 1).stop());
    } finally {
      exchange.close();
    }
  }
}
