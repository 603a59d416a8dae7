package org.sparkrnn.cli;

import org.apache.spark.sql.SparkSession;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataException;
import org.sparkrnn.spark.Sparks;

/** What the Spark commands share: the session, and turning failures inside tasks into one line. */
final class SparkJobs {
  private SparkJobs() {}

  /**
   * The session: --master first, then spark.master of the settings, then what spark-submit set,
   * else local[*].
   */
  static SparkSession session(String master, Settings s, String command) {
    String m = master != null ? master : s.get("spark.master");
    if (m != null && m.isEmpty()) {
      m = null;
    }
    return Sparks.session(m, "spark-rnn " + command);
  }

  /** A data error raised anywhere (inside a Spark task too) as a one-line CLI error. */
  static RuntimeException translate(RuntimeException e) {
    DataException d = DataException.find(e);
    if (d != null) {
      return CliException.failed(d.getMessage());
    }
    return e;
  }
}
