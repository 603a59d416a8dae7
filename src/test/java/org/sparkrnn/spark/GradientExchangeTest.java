package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparkrnn.train.GradientSum;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.concurrent.duration.Duration;

/**
 * The driver's gradient exchange on a real SparkSession's RPC environment, asked the way barrier
 * tasks ask it: parts arriving in any order come back to every task as the ordered tree sum
 * with partition 0's flag byte, and a part that cannot be read fails the whole round (every
 * task, not only its sender) while the next round still works.
 */
class GradientExchangeTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

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

  static Future<byte[]> ask(AllReduce.Endpoint exchange, long round, int partition, int tasks,
      byte[] part) {
    long[] header = {0, 0, round, partition, tasks};
    return GradientExchange.ask(GradientExchange.driverRef(exchange.name()), header, part);
  }

  static byte[] await(Future<byte[]> answer) throws Exception {
    return Await.result(answer, Duration.create(60, TimeUnit.SECONDS));
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
        byte flag = (byte) (round == 2 ? 1 : 0);
        List<Future<byte[]>> answers = new ArrayList<>();
        for (int p : new int[] {3, 0, 4, 1, 2}) { // out of order, partition 0 neither end
          answers.add(ask(exchange, round, p, tasks,
              GradientWire.encode(parts.get(p), p == 0 ? flag : (byte) (1 - flag))));
        }
        List<GradientSum> copies = new ArrayList<>();
        for (GradientSum p : parts) {
          copies.add(GradientWire.decode(GradientWire.encode(p, (byte) 0)));
        }
        GradientSum want = OrderedSum.addAsTree(copies, 2);
        for (Future<byte[]> answer : answers) {
          byte[] got = await(answer);
          assertEquals(flag, got[0], "the answer carries partition 0's flag");
          GradientWireTest.assertSame(want, GradientWire.decode(got));
        }
      }
    } finally {
      exchange.close();
    }
  }

  /** What a Spark upgrade could take away is looked up; this Spark has all of it. */
  @Test
  void theRunningSparkHasEveryMemberTheExchangeCalls() {
    assertNull(AllReduce.unavailable(), "this Spark cannot host the barrier exchange");
    List<String[]> more = new ArrayList<>(GradientExchange.REQUIRED);
    more.add(new String[] {"org.apache.spark.rpc.RpcEndpointRef", "askEventually", "java.lang.Object"});
    String why = GradientExchange.unavailable(more);
    assertEquals("Spark " + spark.version() + " lacks org.apache.spark.rpc.RpcEndpointRef"
        + ".askEventually(java.lang.Object), which the barrier gradient exchange calls", why);
  }

  @Test
  void anUnreadablePartFailsEveryTaskOfItsRoundOnly() throws Exception {
    AllReduce.Endpoint exchange = AllReduce.start(8);
    try {
      byte[] good = GradientWire.encode(part(1), (byte) 0);
      byte[] bad = java.util.Arrays.copyOf(good, good.length + 3);
      Future<byte[]> first = ask(exchange, 0, 0, 2, good);
      Future<byte[]> second = ask(exchange, 0, 1, 2, bad);
      assertThrows(Exception.class, () -> await(first));
      assertThrows(Exception.class, () -> await(second));
      Future<byte[]> a = ask(exchange, 1, 1, 2, GradientWire.encode(part(2), (byte) 0));
      Future<byte[]> b = ask(exchange, 1, 0, 2, GradientWire.encode(part(3), (byte) 1));
      GradientSum want = OrderedSum.addAsTree(List.of(part(3), part(2)), 8);
      GradientWireTest.assertSame(want, GradientWire.decode(await(a)));
      assertEquals(1, await(b)[0]);
    } finally {
      exchange.close();
    }
  }
}
