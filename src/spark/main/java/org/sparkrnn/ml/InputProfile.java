package org.sparkrnn.ml;

import java.io.Serializable;
import java.util.TreeMap;
import org.sparkrnn.data.DataException;

/**
 * What one pass over the parsed training rows learns, merged across partitions: row count,
 * features per step (all rows must agree), the largest class index, the characters of texts,
 * and the windows a language model will cut.
 */
final class InputProfile implements Serializable {
  private static final long serialVersionUID = 1L;
  long rows;
  int width = -1;
  String widthWhere;
  int maxClass = -1;
  /** Each character of the texts and how often it occurs. */
  final TreeMap<Integer, Long> chars = new TreeMap<>();
  long windows;

  InputProfile add(ParsedRow r) {
    rows++;
    if (r.codePoints != null) {
      for (int cp : r.codePoints) {
        chars.merge(cp, 1L, Long::sum);
      }
    } else {
      width(r.width, r.where);
    }
    maxClass = Math.max(maxClass, r.classId);
    return this;
  }

  private void width(int w, String where) {
    if (width < 0) {
      width = w;
      widthWhere = where;
    } else if (w != width) {
      throw new DataException(where + ": " + w + " features per step, but " + widthWhere
          + " has " + width + "; every sequence needs the same width");
    }
  }

  InputProfile merge(InputProfile o) {
    rows += o.rows;
    if (o.width >= 0) {
      width(o.width, o.widthWhere);
    }
    maxClass = Math.max(maxClass, o.maxClass);
    o.chars.forEach((cp, n) -> chars.merge(cp, n, Long::sum));
    windows += o.windows;
    return this;
  }
}
