package org.sparkrnn.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.ConfigKey;
import org.sparkrnn.config.ConfigKeys;
import org.sparkrnn.config.Settings;
import org.sparkrnn.data.DataException;
import org.sparkrnn.data.DataOptions;

/**
 * {@code config --list}: every setting with its type, default, range and meaning, by group.
 * {@code config --show FILE [--set key=value]...}: the settings in force after FILE and the
 * --set values, checked as train checks them, each with where its value came from.
 */
public final class ConfigCommand implements Command {
  /** Keys the data fills in at train time when they are not set. */
  private static final List<String> FROM_DATA = List.of("model.input", "model.vocab",
      "model.output", "model.mode");

  private static final List<Options.Spec> OPTIONS = List.of(
      Options.flag("--list", "list every key: type, default, range or values, meaning"),
      Options.flag("--markdown", "the same list as the Markdown page docs/configuration.md"),
      Options.valued("--show", "FILE", null, "print the settings in force after FILE (and --set)"),
      Options.valued("--set", "KEY=VALUE", null, "set one key over FILE (repeatable)"));

  @Override
  public String name() {
    return "config";
  }

  @Override
  public String summary() {
    return "list every configuration key, or show and check the settings a file gives";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn config --list | --markdown | --show FILE [--set key=value]...", """
        --list prints every key by group with its type, default, range or allowed values and
        meaning; --markdown prints the same as the reference page docs/configuration.md. --show reads FILE (key = value lines), applies every --set in order, checks
        the result as 'spark-rnn train' does and prints every setting in force in the file
        format, each with where it came from (the file's line, --set, or the default).
        --set without --show starts from the defaults. Unknown keys and bad values are one
        line naming the key, with the nearest key when it looks like a typo.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options o = Options.parse(name(), OPTIONS, args);
    boolean list = o.flag("--list");
    boolean markdown = o.flag("--markdown");
    boolean show = o.has("--show") || !o.all("--set").isEmpty();
    if ((list ? 1 : 0) + (markdown ? 1 : 0) + (show ? 1 : 0) > 1) {
      throw CliException.usage("config: give one of --list, --markdown or --show FILE");
    }
    if (list) {
      out.print(list());
      return 0;
    }
    if (markdown) {
      out.print(markdown());
      return 0;
    }
    if (!show) {
      throw CliException.usage("config needs --list, --markdown or --show FILE (see spark-rnn config --help)");
    }
    Settings s = RunSettings.withStreamDefaults(RunSettings.load(o.string("--show"), o.all("--set")));
    check(s);
    out.print(show(s, o.string("--show"), !o.all("--set").isEmpty()));
    return 0;
  }

  /** The checks train makes before it reads data; data-derived sizes get placeholders. */
  static void check(Settings s) {
    try {
      DataOptions d = DataOptions.fromMap(s.asMap());
      s.toTrainConfig();
      s.toInitConfig();
      Settings m = s;
      // token data (language models, text classification) gives a vocabulary; a language model's
      // outputs are that vocabulary too (a tied head needs it), so one placeholder serves both
      boolean tokens = d.kind() != DataOptions.Kind.SEQUENCES;
      String vocab = s.isSet("model.vocab") ? s.get("model.vocab") : "2";
      if (!s.isSet("model.output")) {
        m = m.with("model.output", d.kind().languageModel() ? vocab : "2", "data");
      }
      if (!s.isSet("model.input") && !s.isSet("model.vocab")) {
        m = tokens ? m.with("model.vocab", vocab, "data") : m.with("model.input", "1", "data");
      }
      m.toModelConfig();
    } catch (ConfigException | DataException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** One row per key: name, type, default, range, meaning, group. */
  private static List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    for (ConfigKey k : ConfigKeys.ALL) {
      boolean en = k.type() == ConfigKey.Type.ENUM;
      String range = en ? "" : k.rangeText();
      String def = k.defaultValue() == null ? "-" : k.defaultValue().isEmpty() ? "\"\""
          : k.defaultValue().equals("\t") ? "\\t" : k.defaultValue();
      String meaning = k.description() + (en ? "; one of " + String.join(" | ", k.allowed()) : "");
      rows.add(new String[] {k.name(), k.type().key(), def, range.isEmpty() ? "-" : range,
          meaning, k.group()});
    }
    return rows;
  }

  /** docs/configuration.md: the keys of {@link #list()} as one Markdown table per group. */
  static String markdown() {
    StringBuilder sb = new StringBuilder("# Configuration\n\n");
    sb.append("<!-- Generated by `jobs/spark-rnn config --markdown > docs/configuration.md`; ")
        .append("a test fails when this page and the code disagree. -->\n\n");
    sb.append("A run is configured by `key = value` lines in a file (`--config FILE`; `#` starts a ")
        .append("comment) and by `--set key=value` on the command line, which wins. ")
        .append("`jobs/spark-rnn config --show FILE` prints the settings in force and checks them ")
        .append("as `train` does. ").append(ConfigKeys.ALL.size()).append(" keys in ")
        .append(ConfigKeys.groups().size()).append(" groups.\n");
    String group = null;
    for (String[] r : rows()) {
      if (!r[5].equals(group)) {
        group = r[5];
        sb.append("\n## ").append(group).append("\n\n")
            .append("| key | type | default | range | meaning |\n| --- | --- | --- | --- | --- |\n");
      }
      sb.append("| `").append(r[0]).append("` | ").append(r[1]).append(" | ")
          .append(cell(r[2].equals("-") ? r[2] : "`" + r[2] + "`")).append(" | ")
          .append(cell(r[3])).append(" | ").append(cell(r[4])).append(" |\n");
    }
    return sb.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  static String list() {
    List<String[]> rows = rows();
    int[] w = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(ConfigKeys.ALL.size()).append(" keys in ").append(ConfigKeys.groups().size())
        .append(" groups; set them as 'key = value' lines of a --config file or with --set key=value\n");
    sb.append(String.format("%n  %-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %-" + w[3]
        + "s  %s%n", "key", "type", "default", "range", "meaning"));
    String group = null;
    for (String[] r : rows) {
      if (!r[5].equals(group)) {
        group = r[5];
        sb.append('\n').append('[').append(group).append("]\n");
      }
      sb.append(String.format("  %-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %-" + w[3]
          + "s  %s", r[0], r[1], r[2], r[3], r[4]).stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  static String show(Settings s, String file, boolean sets) {
    Map<String, String> resolved = s.resolved();
    List<String[]> rows = new ArrayList<>();
    for (ConfigKey k : ConfigKeys.ALL) {
      String v = resolved.get(k.name());
      String origin = s.origin(k.name());
      if (v == null) {
        if (FROM_DATA.contains(k.name())) {
          rows.add(new String[] {"# " + k.name() + " = (from the data)", "", k.group()});
        }
        continue;
      }
      boolean quote = v.isEmpty() || v.contains("#") || !v.equals(v.strip()) || v.startsWith("\"");
      String text = k.name() + " = " + (quote ? '"' + v + '"' : v);
      String why = origin != null ? origin
          : FROM_DATA.contains(k.name()) ? "default; train sets it from the data" : "default";
      rows.add(new String[] {text, why, k.group()});
    }
    int w = 0;
    for (String[] r : rows) {
      if (!r[1].isEmpty()) {
        w = Math.max(w, r[0].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    List<String> from = new ArrayList<>();
    if (file != null) {
      from.add(file);
    }
    if (sets) {
      from.add("--set");
    }
    sb.append("# settings in force after ").append(String.join(", then ", from)).append(": ")
        .append(s.asMap().size()).append(" set, the rest defaults\n");
    String group = null;
    for (String[] r : rows) {
      if (!r[2].equals(group)) {
        if (group != null) {
          sb.append('\n');
        }
        group = r[2];
      }
      if (r[1].isEmpty()) {
        sb.append(r[0]).append('\n');
      } else {
        sb.append(String.format("%-" + w + "s  # %s%n", r[0], r[1]));
      }
    }
    return sb.toString();
  }
}
