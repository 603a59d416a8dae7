package org.sparkrnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's options: declared once (name, value placeholder, default, help), parsed from
 * {@code --name value} / {@code --name=value} / {@code --flag}, and formatted into the usage text.
 * Every mistake is a {@link CliException#usage} naming the option.
 */
public final class Options {

  /**
   * One option. {@code arg} null makes it a flag; {@code def} null means no default (for a
   * valued option that makes it required when read with {@link Options#require}).
   */
  public record Spec(String name, String arg, String def, String help) {
    public boolean flag() {
      return arg == null;
    }
  }

  public static Spec flag(String name, String help) {
    return new Spec(name, null, null, help);
  }

  public static Spec valued(String name, String arg, String def, String help) {
    return new Spec(name, arg, def, help);
  }

  private final String command;
  private final Map<String, Spec> specs = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, List<String>> repeated = new LinkedHashMap<>();

  private Options(String command, List<Spec> specs) {
    this.command = command;
    for (Spec s : specs) {
      this.specs.put(s.name(), s);
    }
  }

  /** Parses {@code args} against {@code specs}; positional arguments are not accepted. */
  public static Options parse(String command, List<Spec> specs, List<String> args) {
    Options o = new Options(command, specs);
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("-") || a.equals("-")) {
        throw CliException.usage("unexpected argument '" + a + "' for " + command
            + " (see spark-rnn " + command + " --help)");
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      Spec s = o.specs.get(name);
      if (s == null) {
        throw CliException.usage("unknown option " + name + " for " + command
            + " (see spark-rnn " + command + " --help)");
      }
      if (s.flag()) {
        if (value != null) {
          throw CliException.usage("option " + name + " takes no value");
        }
        value = "true";
      } else if (value == null) {
        if (i + 1 >= args.size() || looksLikeOption(args.get(i + 1))) {
          throw CliException.usage("option " + name + " needs a value (" + s.arg() + ")");
        }
        value = args.get(++i);
      }
      o.values.put(name, value);
      o.repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return o;
  }

  /** Every value given for a repeatable option (such as --set), in order; empty when none. */
  public List<String> all(String name) {
    spec(name);
    return repeated.getOrDefault(name, List.of());
  }

  /** "--x" and "-x" are options; "-1" or "-0.5" are values. */
  private static boolean looksLikeOption(String a) {
    return a.startsWith("-") && a.length() > 1 && !Character.isDigit(a.charAt(1)) && a.charAt(1) != '.';
  }

  private Spec spec(String name) {
    Spec s = specs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("option " + name + " is not declared for " + command);
    }
    return s;
  }

  public boolean has(String name) {
    spec(name);
    return values.containsKey(name);
  }

  public boolean flag(String name) {
    return has(name);
  }

  /** The given value, else the default (may be null). */
  public String string(String name) {
    return values.getOrDefault(name, spec(name).def());
  }

  /** The given value, else the default; an error naming the option when there is neither. */
  public String require(String name) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      throw CliException.usage("option " + name + " " + spec(name).arg() + " is required for " + command);
    }
    return v;
  }

  /** One of {@code allowed} (case-insensitive), returned in lower case. */
  public String choice(String name, String... allowed) {
    String v = require(name).toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      throw CliException.usage("option " + name + ": '" + string(name) + "' is not one of "
          + String.join(", ", allowed));
    }
    return v;
  }

  /** A comma-separated list, each item one of {@code allowed}; duplicates kept out. */
  public List<String> choices(String name, String... allowed) {
    List<String> out = new ArrayList<>();
    for (String item : require(name).split(",")) {
      String v = item.trim().toLowerCase(Locale.ROOT);
      if (v.isEmpty()) {
        continue;
      }
      if (!Arrays.asList(allowed).contains(v)) {
        throw CliException.usage("option " + name + ": '" + item.trim() + "' is not one of "
            + String.join(", ", allowed));
      }
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    if (out.isEmpty()) {
      throw CliException.usage("option " + name + " needs at least one of " + String.join(", ", allowed));
    }
    return out;
  }

  /** A comma-separated list of integers, each in [min, max]; duplicates kept out. */
  public List<Integer> integers(String name, int min, int max) {
    List<Integer> out = new ArrayList<>();
    for (String item : require(name).split(",")) {
      int n = parseInteger(name, item, min, max);
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** An integer in [min, max]. */
  public int integer(String name, int min, int max) {
    return parseInteger(name, require(name), min, max);
  }

  private static int parseInteger(String name, String v, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw CliException.usage("option " + name + ": '" + v + "' is not a whole number");
    }
    if (n < min || n > max) {
      throw CliException.usage("option " + name + " must be in " + min + ".." + max + ", got " + n);
    }
    return n;
  }

  /** A long (for seeds). */
  public long longValue(String name) {
    String v = require(name);
    try {
      return Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw CliException.usage("option " + name + ": '" + v + "' is not a whole number");
    }
  }

  /** A directory that exists, resolved against the caller's working directory. */
  public Path directory(String name) {
    Path p = Path.of(require(name));
    if (!Files.isDirectory(p)) {
      throw CliException.usage("option " + name + ": no such directory: " + p);
    }
    return p;
  }

  /** The usage text: synopsis, description, and one aligned line per option. */
  public static String usage(String synopsis, String description, List<Spec> specs) {
    List<String[]> rows = new ArrayList<>();
    for (Spec s : specs) {
      String help = s.help();
      if (s.def() != null && !s.flag()) {
        help += " (default " + s.def() + ")";
      }
      rows.add(new String[] {left(s), help});
    }
    rows.add(new String[] {"--verbose", "print stack traces of errors"});
    rows.add(new String[] {"-h, --help", "this help"});
    int width = 0;
    for (String[] r : rows) {
      width = Math.max(width, r[0].length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("usage: ").append(synopsis).append("\n\n").append(description.strip()).append("\n\noptions:\n");
    for (String[] r : rows) {
      sb.append(String.format("  %-" + width + "s  %s%n", r[0], r[1]));
    }
    return sb.toString();
  }

  private static String left(Spec s) {
    return s.flag() ? s.name() : s.name() + " " + s.arg();
  }
}
