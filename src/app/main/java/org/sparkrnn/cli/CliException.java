package org.sparkrnn.cli;

/**
 * An error the user can fix, reported by {@link Main} as one line {@code spark-rnn: <message>}
 * with its exit code, without a stack trace (unless {@code --verbose}).
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code for a wrong command line: unknown command or option, missing or bad value, missing path. */
  public static final int USAGE = 2;
  /** Exit code for a check that ran and failed. */
  public static final int FAILED = 1;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A wrong command line (exit 2). */
  public static CliException usage(String message) {
    return new CliException(USAGE, message);
  }

  /** A check or job that ran and failed (exit 1). */
  public static CliException failed(String message) {
    return new CliException(FAILED, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
