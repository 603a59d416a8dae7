package org.sparkrnn.data;

import java.io.Serializable;
import org.sparkrnn.model.Example;

/**
 * One labelled sequence as read, before ids are known: features [length × width] or characters
 * (code points or vocabulary ids), class names or real targets, and where it came from. Checked
 * by {@link SequenceRules}; turned into an {@link Example} once classes and vocabulary are fixed.
 */
final class RawSequence implements Serializable {
  private static final long serialVersionUID = 1L;
  String id;
  String file;
  String where;
  int length;
  int width;
  double[] features;
  int[] chars;
  boolean charIds; // chars already vocabulary ids
  String[] labels;
  double[] targets;
  int targetWidth;
  boolean truncated;
  int skipped;

  Example toExample(long index, ClassLabels classes, CharVocabulary vocab) {
    int[] labelIds = null;
    if (labels != null) {
      labelIds = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        labelIds[i] = classes.id(labels[i]);
        if (labelIds[i] < 0) {
          throw SequenceRules.unknownLabel(where, labels[i], classes);
        }
      }
    }
    if (chars != null) {
      int[] tokens = new int[length];
      for (int i = 0; i < length; i++) {
        tokens[i] = charIds ? chars[i] : vocab.id(chars[i]);
      }
      return new Example(index, length, tokens, null, labelIds, null);
    }
    return new Example(index, length, null, features, labelIds, targets);
  }
}
