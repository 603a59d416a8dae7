package org.sparkrnn.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code spark-rnn}. {@link Main} finds it by {@link #name()}, lists it with
 * {@link #summary()}, prints {@link #usage()} for {@code COMMAND --help}, and calls {@link #run}
 * with the arguments after the command name.
 *
 * <p>A mistake the user made (bad option, bad value, missing file) is thrown as a
 * {@link CliException}; Main turns it into one line on stderr and the exit code.
 */
public interface Command {

  /** The word after {@code spark-rnn}: "oracle", "bench", ... */
  String name();

  /** One line for the command list. */
  String summary();

  /** The full help text: synopsis, what it does, options. */
  String usage();

  /** Runs the command; returns the exit code (0 ok, 1 a failed check, 2 a usage error). */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
