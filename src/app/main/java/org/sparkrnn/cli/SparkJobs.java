package org.sparkrnn.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.sparkrnn.config.ConfigException;
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
    return Sparks.session(m, "spark-rnn " + command, s.sparkConf());
  }

  /** {@code --conf KEY=VALUE}: a Spark setting for the session, as spark-submit takes it. */
  static final Options.Spec CONF = Options.valued("--conf", "KEY=VALUE", null,
      "a Spark setting for the session, as spark-submit takes it (repeatable; e.g. "
          + "spark.executor.memory=4g); the same keys may stand in --config or --set");

  /** {@code s} with every {@code --conf key=value}: Spark's keys, or the project's spark.* keys. */
  static Settings withConf(Settings s, List<String> confs) {
    for (String conf : confs) {
      int eq = conf.indexOf('=');
      String key = eq <= 0 ? "" : conf.substring(0, eq).trim();
      if (!key.startsWith("spark.")) {
        throw CliException.usage("--conf takes a Spark setting spark.KEY=VALUE, got '" + conf
            + "' (the project's other keys go in --set)");
      }
      try {
        s = s.with(key, conf.substring(eq + 1).trim(), "--conf");
      } catch (ConfigException e) {
        throw CliException.usage(e.getMessage());
      }
    }
    return s;
  }

  /**
   * The failure of a job as the command reports it: a data problem (raised on the driver or
   * inside a Spark task, where Spark wraps it) or a setting the run cannot honour as one
   * {@link CliException} line, anything else unchanged.
   */
  static Exception translate(Exception e) {
    if (e instanceof CliException) {
      return e;
    }
    if (e instanceof ConfigException c) {
      return CliException.usage(c.getMessage());
    }
    DataException d = DataException.find(e);
    if (d != null) {
      return CliException.failed(d.getMessage());
    }
    return e;
  }
}
