package org.sparkrnn.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Spark settings this project relies on: Kryo for what crosses the wire, quiet UI in tests. */
public final class Sparks {
  private Sparks() {}

  /** Adds Kryo with the classes that cross the wire every step. */
  public static SparkConf configure(SparkConf conf) {
    return conf
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrationRequired", "false")
        .set("spark.kryoserializer.buffer.max", "1g")
        .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
        .set("spark.kryo.registrator", RecordSerializers.class.getName())
        .registerKryoClasses(new Class<?>[] {
            org.sparkrnn.train.GradientSum.class,
            org.sparkrnn.model.Example.class,
            ExampleShard.class,
            org.sparkrnn.train.Evaluator.Sum.class,
            double[].class, long[].class, int[].class});
  }

  /** A session for {@code master} (e.g. local[2]) unless one is already running. */
  public static SparkSession session(String master, String appName) {
    return session(master, appName, Map.of());
  }

  /**
   * A session for {@code master} with the user's Spark settings {@code sparkConf} (they win over
   * this project's), unless one is already running. Delay scheduling is off unless set: a
   * barrier stage starts all its tasks at once, so after a lost executor every later stage would
   * otherwise wait spark.locality.wait (3 s) for the executor that cached the lost shard.
   */
  public static SparkSession session(String master, String appName, Map<String, String> sparkConf) {
    SparkConf conf = configure(new SparkConf().setAppName(appName));
    sparkConf.forEach(conf::set);
    if (master != null) {
      conf.setMaster(master);
    }
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.locality.wait", "0");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
