package org.sparkrnn.spark;

import java.util.Arrays;
import java.util.List;

/**
 * What the barrier exchange needs of Spark's internal API, looked up by name in the running Spark
 * ({@link AllReduce#unavailable}). This class references none of those classes itself, so it
 * loads on any Spark, however its internals changed.
 */
final class SparkInternals {
  /**
   * The Spark-internal members {@link GradientExchange} calls, as {class, method, parameter
   * classes...} ("&lt;init&gt;" for a constructor): what {@link #unavailable} looks up.
   */
  static final List<String[]> REQUIRED = List.of(
      new String[] {"org.apache.spark.SparkEnv", "rpcEnv"},
      new String[] {"org.apache.spark.SparkEnv", "conf"},
      new String[] {"org.apache.spark.rpc.RpcEnv", "setupEndpoint", "java.lang.String",
          "org.apache.spark.rpc.RpcEndpoint"},
      new String[] {"org.apache.spark.rpc.RpcEnv", "stop", "org.apache.spark.rpc.RpcEndpointRef"},
      new String[] {"org.apache.spark.rpc.RpcEndpointRef", "name"},
      new String[] {"org.apache.spark.rpc.RpcEndpointRef", "ask", "java.lang.Object",
          "org.apache.spark.rpc.RpcTimeout", "scala.reflect.ClassTag"},
      new String[] {"org.apache.spark.rpc.RpcTimeout", "<init>",
          "scala.concurrent.duration.FiniteDuration", "java.lang.String"},
      new String[] {"org.apache.spark.rpc.RpcCallContext", "reply", "java.lang.Object"},
      new String[] {"org.apache.spark.rpc.RpcCallContext", "sendFailure", "java.lang.Throwable"},
      new String[] {"org.apache.spark.rpc.ThreadSafeRpcEndpoint", "receiveAndReply",
          "org.apache.spark.rpc.RpcCallContext"},
      new String[] {"org.apache.spark.util.RpcUtils", "makeDriverRef", "java.lang.String",
          "org.apache.spark.SparkConf", "org.apache.spark.rpc.RpcEnv"});

  private SparkInternals() {}

  /**
   * Null when every member of {@code required} is in the running Spark, else one line naming the
   * first that is not.
   */
  static String unavailable(List<String[]> required) {
    for (String[] m : required) {
      try {
        ClassLoader loader = SparkInternals.class.getClassLoader();
        Class<?> owner = Class.forName(m[0], false, loader);
        Class<?>[] params = new Class<?>[m.length - 2];
        for (int i = 2; i < m.length; i++) {
          params[i - 2] = Class.forName(m[i], false, loader);
        }
        if (m[1].equals("<init>")) {
          owner.getConstructor(params);
        } else {
          owner.getMethod(m[1], params);
        }
      } catch (ReflectiveOperationException | LinkageError e) {
        String member = m[0] + (m[1].equals("<init>") ? "" : "." + m[1]) + "("
            + String.join(", ", Arrays.asList(m).subList(2, m.length)) + ")";
        return "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
            + " lacks " + member + ", which the barrier gradient exchange calls";
      }
    }
    return null;
  }
}
