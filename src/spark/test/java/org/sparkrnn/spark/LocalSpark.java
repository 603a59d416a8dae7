package org.sparkrnn.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real local-mode SparkSession for one test class, started before its first test and stopped
 * after its last:
 *
 * <pre>
 *   &#64;RegisterExtension
 *   static final LocalSpark SPARK = new LocalSpark("local[2]");
 *   ... SPARK.session(), SPARK.context()
 * </pre>
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
  private final String master;
  private SparkSession session;

  public LocalSpark(String master) {
    this.master = master;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    session = Sparks.session(master, "spark-rnn-test " + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (session != null) {
      session.stop();
      session = null;
    }
  }

  public SparkSession session() {
    if (session == null) {
      throw new IllegalStateException("the SparkSession runs only while its test class does");
    }
    return session;
  }

  public JavaSparkContext context() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }
}
