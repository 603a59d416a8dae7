package org.sparkrnn.samples;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's sample data — made here, from a seed, no third-party text — that the examples in
 * conf/ train on; the files in data/ are its output with the default seed ({@code samples}).
 */
public final class Samples {
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

  private Samples() {}

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
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
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
