package org.sparkrnn.ml;

import java.util.Arrays;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataException;

/** A text's characters as a model's vocabulary ids. */
final class Tokens {
  private Tokens() {}

  /**
   * The ids of {@code codePoints}; a character outside the vocabulary fails naming it and the row,
   * or is dropped ({@code skipUnknown}).
   */
  static int[] ids(CharVocabulary vocab, int[] codePoints, String where, boolean skipUnknown) {
    int[] ids = new int[codePoints.length];
    int n = 0;
    for (int cp : codePoints) {
      int id = vocab.id(cp);
      if (id >= 0) {
        ids[n++] = id;
      } else if (!skipUnknown) {
        throw new DataException(where + ": character " + describe(cp) + " is not in the model's "
            + "vocabulary (handleInvalid=skip drops such characters)");
      }
    }
    return n == ids.length ? ids : Arrays.copyOf(ids, n);
  }

  static String describe(int cp) {
    String hex = String.format("U+%04X", cp);
    boolean printable = !Character.isISOControl(cp) && !Character.isWhitespace(cp)
        && Character.isDefined(cp);
    return printable ? "'" + new String(Character.toChars(cp)) + "' (" + hex + ")" : hex;
  }
}
