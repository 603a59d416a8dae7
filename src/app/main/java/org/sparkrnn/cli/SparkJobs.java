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

  /**
   * The failure of a job as the command reports it: a data problem (raised on the driver or
   * inside a Spark task, where Spark wraps it) as one {@link CliException} line, anything else
   * unchanged.
   */
  static Exception translate(Exception e) {
    if (e instanceof CliException) {
      return e;
    }
    DataException d = DataException.find(e);
    if (d != null) {
      return CliException.failed(d.getMessage());
    }
    return e;
  }
}
