package org.sparkrnn.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The checks and settings every labelled sequence passes through, whatever table layout it came
 * from: label count against the mode, classes and widths against a saved spec, characters
 * against a saved vocabulary, and {@code data.max_length}.
 */
final class SequenceRules implements Serializable {
  private static final long serialVersionUID = 1L;
  final boolean perStep;
  final boolean real;
  final int maxLength;
  final boolean truncate;
  final boolean skipUnknown;
  final ClassLabels classes; // saved spec's, or null
  final CharVocabulary vocab; // saved spec's, or null
  final int featureWidth; // saved spec's, or 0
  final int targetWidth; // saved spec's, or 0

  SequenceRules(DataOptions o, DataSpec fixed, boolean text) {
    this.perStep = !text && o.mode() == org.sparkrnn.model.OutputMode.MANY_TO_MANY;
    this.real = o.realTargets();
    this.maxLength = o.maxLength();
    this.truncate = o.truncateTooLong();
    this.skipUnknown = o.skipUnknown();
    this.classes = fixed == null ? null : fixed.classes();
    this.vocab = fixed == null ? null : fixed.chars();
    this.featureWidth = fixed == null ? 0 : fixed.inputSize();
    this.targetWidth = fixed == null ? 0 : fixed.targetWidth();
  }

  /**
   * A checked sequence. {@code features} row-major with {@code width}, or {@code chars} (code
   * points); {@code names} (class labels) or {@code targets} (real, one vector per step or one).
   */
  RawSequence finish(String id, String file, String where, double[] features, int width,
      int[] chars, List<String> names, List<double[]> targets) {
    RawSequence s = new RawSequence();
    s.id = id;
    s.file = file;
    s.where = where;
    if (chars != null && maxLength > 0 && truncate && chars.length > maxLength) {
      // cut before the vocabulary lookup: a vocabulary learned from cut texts has never seen
      // what lies beyond the cut
      chars = Arrays.copyOf(chars, maxLength);
      s.truncated = true;
    }
    if (chars != null && vocab != null) {
      int[] ids = new int[chars.length];
      int n = 0;
      for (int cp : chars) {
        int i = vocab.id(cp);
        if (i >= 0) {
          ids[n++] = i;
        } else if (skipUnknown) {
          s.skipped++;
        } else {
          throw CharTokens.unknown(where, "in the text", cp);
        }
      }
      chars = Arrays.copyOf(ids, n);
      s.charIds = true;
    }
    int length = chars != null ? chars.length : width == 0 ? 0 : features.length / width;
    if (length == 0) {
      throw new DataException(where + ": " + (chars != null ? "empty text" : "no steps")
          + "; a sequence needs at least 1");
    }
    if (chars == null && featureWidth > 0 && width != featureWidth) {
      throw new DataException(where + ": " + width + " features per step, the model reads "
          + featureWidth);
    }
    int items = perStep ? length : 1;
    if (!real) {
      if (names.size() != items) {
        throw new DataException(where + ": " + names.size() + " labels for " + length
            + " steps (" + (perStep ? "many-to-many: one per step" : "many-to-one: one") + ")");
      }
      if (classes != null) {
        for (String n : names) {
          if (classes.id(n) < 0) {
            throw unknownLabel(where, n, classes);
          }
        }
      }
      s.labels = names.toArray(new String[0]);
    } else {
      if (targets.size() != items) {
        throw new DataException(where + ": " + targets.size() + " target steps for " + length
            + " steps (" + (perStep ? "many-to-many: one per step" : "many-to-one: one") + ")");
      }
      s.targets = rectangular(targets, where, "targets");
      s.targetWidth = targets.get(0).length;
      if (targetWidth > 0 && s.targetWidth != targetWidth) {
        throw new DataException(where + ": " + s.targetWidth + " targets per item, the model "
            + "predicts " + targetWidth);
      }
    }
    if (maxLength > 0 && length > maxLength) {
      if (!truncate) {
        throw new DataException(where + ": " + length + " steps, longer than data.max_length="
            + maxLength + " (data.too_long=truncate keeps the first " + maxLength + ")");
      }
      s.truncated = true;
      if (chars != null) {
        chars = Arrays.copyOf(chars, maxLength);
      } else {
        features = Arrays.copyOf(features, maxLength * width);
      }
      if (perStep && s.labels != null) {
        s.labels = Arrays.copyOf(s.labels, maxLength);
      }
      if (perStep && s.targets != null) {
        s.targets = Arrays.copyOf(s.targets, maxLength * s.targetWidth);
      }
      length = maxLength;
    }
    s.length = length;
    s.chars = chars;
    s.features = chars != null ? null : features;
    s.width = chars != null ? 0 : width;
    return s;
  }

  static DataException unknownLabel(String where, String label, ClassLabels classes) {
    String known = classes.size() <= 10 ? classes.names().toString()
        : classes.names().subList(0, 10) + "... (" + classes.size() + ")";
    return new DataException(where + ": label '" + label + "' is not one of the model's classes "
        + known);
  }

  /** The steps as one row-major array; fails naming the first step whose width differs. */
  static double[] rectangular(List<double[]> steps, String where, String what) {
    int w = steps.get(0).length;
    double[] out = new double[steps.size() * w];
    for (int i = 0; i < steps.size(); i++) {
      double[] s = steps.get(i);
      if (s.length != w) {
        throw new DataException(where + ": ragged " + what + ": step " + (i + 1) + " has "
            + s.length + " values, step 1 has " + w);
      }
      System.arraycopy(s, 0, out, i * w, w);
    }
    return out;
  }
}
