package org.sparkrnn.data;

/**
 * What reading found besides the examples: input files (documents), bytes replaced by U+FFFD
 * ({@code data.utf8=replace}), characters dropped as outside a saved vocabulary
 * ({@code data.unknown=skip}), sequences cut to {@code data.max_length}
 * ({@code data.too_long=truncate}).
 */
public record DataStats(long documents, long utf8Replacements, long unknownSkipped,
    long truncated) {

  public static final DataStats NONE = new DataStats(0, 0, 0, 0);

  public DataStats plus(DataStats o) {
    return new DataStats(documents + o.documents, utf8Replacements + o.utf8Replacements,
        unknownSkipped + o.unknownSkipped, truncated + o.truncated);
  }
}
