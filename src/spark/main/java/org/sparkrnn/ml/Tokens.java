package org.sparkrnn.ml;

import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataException;

/** A text's characters as a model's vocabulary ids. */
final class Tokens {
  private Tokens() {}

  /**
   * The unknown character, U+FFFD: a model fitted with handleInvalid=keep has it in its
   * vocabulary, and every character outside the vocabulary reads as it.
   */
  static final int UNKNOWN = 0xFFFD;

  /**
   * The ids of {@code codePoints}; a character outside the vocabulary reads as
   * {@code unknownId}, or fails naming the character ({@code unknownId} &lt; 0).
   */
  static int[] ids(CharVocabulary vocab, int[] codePoints, String where, int unknownId) {
    int[] ids = new int[codePoints.length];
    for (int i = 0; i < ids.length; i++) {
      int id = vocab.id(codePoints[i]);
      if (id < 0 && unknownId < 0) {
        throw new DataException(where + ": character " + describe(codePoints[i]) + " is not in "
            + "the model's vocabulary (handleInvalid=skip drops such rows; keep reads the "
            + "character as U+FFFD in a model fitted with keep)");
      }
      ids[i] = id < 0 ? unknownId : id;
    }
    return ids;
  }

  /**
   * The id unknown characters read as under {@code handleInvalid}: the vocabulary's U+FFFD for
   * keep, else −1.
   *
   * @throws IllegalArgumentException keep with a vocabulary that lacks U+FFFD
   */
  static int unknownId(CharVocabulary vocab, String handleInvalid) {
    if (vocab == null || !handleInvalid.equals("keep")) {
      return -1;
    }
    int id = vocab.id(UNKNOWN);
    if (id < 0) {
      throw new IllegalArgumentException("handleInvalid=keep: the model's vocabulary has no "
          + "unknown character (U+FFFD) to read unknown characters as; fit the model with "
          + "handleInvalid=keep, or use error or skip");
    }
    return id;
  }

  static String describe(int cp) {
    String hex = String.format("U+%04X", cp);
    boolean printable = !Character.isISOControl(cp) && !Character.isWhitespace(cp)
        && Character.isDefined(cp);
    return printable ? "'" + new String(Character.toChars(cp)) + "' (" + hex + ")" : hex;
  }
}
