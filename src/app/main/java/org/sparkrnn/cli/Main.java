package org.sparkrnn.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code spark-rnn COMMAND [options]}: finds the command by name and runs it. A new command is one
 * class implementing {@link Command} plus one entry in {@link #COMMANDS}.
 *
 * <p>Exit codes: 0 success, 1 a check or job that failed, 2 a wrong command line. Errors are one
 * line {@code spark-rnn: <message>} on stderr; {@code --verbose} (anywhere) adds the stack trace.
 */
public final class Main {
  public static final String PROGRAM = "spark-rnn";

  /** Every command, in the order the help lists them. */
  static final List<Command> COMMANDS = List.of(
      new TrainCommand(),
      new EvaluateCommand(),
      new PredictCommand(),
      new GenerateCommand(),
      new ReportCommand(),
      new ExperimentCommand(),
      new ExportCommand(),
      new ImportCommand(),
      new ConfigCommand(),
      new OracleCommand(),
      new SamplesCommand(),
      new BenchCommand(),
      new SparkBenchCommand());

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** Runs one command line without exiting the JVM; returns the exit code. */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    List<String> args = new ArrayList<>(Arrays.asList(argv));
    boolean verbose = args.removeIf("--verbose"::equals);
    try {
      if (args.isEmpty() || isHelp(args.get(0))) {
        out.print(commandList());
        return 0;
      }
      String name = args.get(0);
      List<String> rest = args.subList(1, args.size());
      if (name.equals("help")) {
        if (rest.isEmpty()) {
          out.print(commandList());
        } else {
          out.print(find(rest.get(0)).usage());
        }
        return 0;
      }
      Command command = find(name);
      if (rest.stream().anyMatch(Main::isHelp)) {
        out.print(command.usage());
        return 0;
      }
      return command.run(new ArrayList<>(rest), out, err);
    } catch (CliException e) {
      err.println(PROGRAM + ": " + oneLine(e.getMessage()));
      if (verbose) {
        e.printStackTrace(err);
      }
      return e.exitCode();
    } catch (Exception | LinkageError e) {
      // not a mistake the user made: still one line, the trace on request
      err.println(PROGRAM + ": " + describe(e) + (verbose ? "" : " (--verbose for the stack trace)"));
      if (verbose) {
        e.printStackTrace(err);
      }
      return CliException.FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static Command find(String name) {
    for (Command c : COMMANDS) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    if (name.startsWith("-")) {
      throw CliException.usage("unknown option " + name + " (options come after the command; see "
          + PROGRAM + " --help)");
    }
    throw CliException.usage("unknown command '" + name + "' (commands: " + names() + "; see "
        + PROGRAM + " --help)");
  }

  private static String names() {
    return String.join(", ", COMMANDS.stream().map(Command::name).toList());
  }

  private static boolean isHelp(String a) {
    return a.equals("--help") || a.equals("-h");
  }

  static String commandList() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: ").append(PROGRAM).append(" COMMAND [options]\n\n");
    sb.append("Recurrent neural nets (Elman, Jordan, LSTM, GRU) trained with exact BPTT.\n\n");
    sb.append("commands:\n");
    int width = 0;
    for (Command c : COMMANDS) {
      width = Math.max(width, c.name().length());
    }
    for (Command c : COMMANDS) {
      sb.append(String.format("  %-" + width + "s  %s%n", c.name(), c.summary()));
    }
    sb.append("\nRun '").append(PROGRAM).append(" COMMAND --help' for a command's options;")
        .append(" --verbose (anywhere) prints stack traces of errors.\n");
    return sb.toString();
  }

  /** The exception's class and message on one line. */
  static String describe(Throwable e) {
    String msg = e.getMessage();
    if (e instanceof IllegalArgumentException && msg != null) {
      return oneLine(msg); // the core's validation messages are written for users
    }
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + oneLine(msg));
  }

  /** Collapses a message onto one line. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
