package org.sparkrnn.spark;

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
    SparkConf conf = configure(new SparkConf().setAppName(appName));
    if (master != null) {
      conf.setMaster(master);
    }
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.ui.enabled", "false");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
