package org.sparkrnn.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The characters (Unicode code points) a character model knows, sorted, each with its id: its
 * index in that order. Saved with the model, so evaluation and generation map text the same way.
 */
public final class CharVocabulary implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] codePoints;

  public CharVocabulary(int[] codePoints) {
    int[] sorted = codePoints.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new DataException("character vocabulary: duplicate character U+" + Integer.toHexString(sorted[i]));
      }
    }
    if (sorted.length < 2) {
      throw new DataException("a character vocabulary needs at least 2 characters, got "
          + sorted.length);
    }
    this.codePoints = sorted;
  }

  public int size() {
    return codePoints.length;
  }

  /** The id of a code point, or −1 when it is not in the vocabulary. */
  public int id(int codePoint) {
    int i = Arrays.binarySearch(codePoints, codePoint);
    return i >= 0 ? i : -1;
  }

  public int codePoint(int id) {
    return codePoints[id];
  }

  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      sb.appendCodePoint(codePoints[id]);
    }
    return sb.toString();
  }

  /** The vocabulary as one string of its characters in id order (how it is stored). */
  public String asString() {
    return new String(codePoints, 0, codePoints.length);
  }

  public static CharVocabulary fromString(String chars) {
    return new CharVocabulary(chars.codePoints().toArray());
  }

  /** The ids of a text's characters; −1 for each one outside the vocabulary. */
  public int[] encode(String text) {
    return text.codePoints().map(this::id).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CharVocabulary v && Arrays.equals(v.codePoints, codePoints);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(codePoints);
  }

  /** A character for a message: itself when printable, with its code point. */
  static String describe(int codePoint) {
    String hex = String.format("U+%04X", codePoint);
    boolean printable = !Character.isISOControl(codePoint) && !Character.isWhitespace(codePoint)
        && Character.isDefined(codePoint);
    return printable ? "'" + new String(Character.toChars(codePoint)) + "' (" + hex + ")" : hex;
  }
}
