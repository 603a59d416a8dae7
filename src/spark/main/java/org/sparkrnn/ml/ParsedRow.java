package org.sparkrnn.ml;

import java.io.Serializable;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataException;
import org.sparkrnn.model.Example;

/**
 * One input row as read for training, before the vocabulary is known: a dense sequence
 * [length × width] or the code points of a text, and a class index or a real target.
 */
final class ParsedRow implements Serializable {
  private static final long serialVersionUID = 1L;
  final long index;
  final String where;
  final double[] features;
  final int width;
  final int[] codePoints;
  final int classId;
  final double target;
  /** How many times the row counts in the loss and its gradient (weightCol; 1 without). */
  private double weight = 1;

  private ParsedRow(long index, String where, double[] features, int width, int[] codePoints,
      int classId, double target) {
    this.index = index;
    this.where = where;
    this.features = features;
    this.width = width;
    this.codePoints = codePoints;
    this.classId = classId;
    this.target = target;
  }

  static ParsedRow dense(long index, String where, double[] features, int width, int classId,
      double target) {
    return new ParsedRow(index, where, features, width, null, classId, target);
  }

  static ParsedRow text(long index, String where, int[] codePoints, int classId, double target) {
    return new ParsedRow(index, where, null, 0, codePoints, classId, target);
  }

  int length() {
    return codePoints != null ? codePoints.length : features.length / width;
  }

  /** This row counting {@code w} times; {@code w} is checked by the caller. */
  ParsedRow weighted(double w) {
    weight = w;
    return this;
  }

  /** Fails naming the row when it is longer than {@code maxLength} (0: no limit). */
  ParsedRow checkLength(int maxLength) {
    if (maxLength > 0 && length() > maxLength) {
      throw new DataException(where + ": " + length() + " steps, longer than maxLength="
          + maxLength);
    }
    return this;
  }

  /** The many-to-one training example: the row's class id ({@code classes}) or real target. */
  Example toExample(CharVocabulary vocab, boolean classes) {
    int[] labels = classes ? new int[] {classId} : null;
    double[] targets = classes ? null : new double[] {target};
    Example e = codePoints != null
        ? new Example(index, codePoints.length, tokens(vocab), null, labels, targets)
        : Example.ofFeatures(index, length(), features, labels, targets);
    return weight == 1 ? e : e.withWeight(weight);
  }

  /**
   * The vocabulary ids of the text: every character is in a vocabulary learned from it, but for
   * those handleInvalid=keep leaves out (seen once), which read as the unknown character.
   */
  int[] tokens(CharVocabulary vocab) {
    int unknown = vocab.id(Tokens.UNKNOWN);
    int[] ids = new int[codePoints.length];
    for (int i = 0; i < ids.length; i++) {
      int id = vocab.id(codePoints[i]);
      ids[i] = id >= 0 ? id : unknown;
    }
    return ids;
  }
}
