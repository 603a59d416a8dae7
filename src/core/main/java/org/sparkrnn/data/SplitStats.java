package org.sparkrnn.data;

import java.io.Serializable;

/**
 * What the first pass over a text corpus learns about one input split: where it is, how many
 * tokens it holds, its first tokens (the next split's windows run into them), its characters
 * (to learn a vocabulary), and counts for the checks. Small: comes back to the driver.
 */
final class SplitStats implements Serializable {
  private static final long serialVersionUID = 1L;
  final String file;
  final long start;
  long tokens;
  long chars;
  long replaced;
  long controls;
  long skipped;
  int[] head;
  int[] distinct;
  /** The first problem found in this split (the pass stops there), or null. */
  String error;

  SplitStats(String file, long start) {
    this.file = file;
    this.start = start;
  }

  String key() {
    return key(file, start);
  }

  static String key(String file, long start) {
    return file + '\u0000' + start;
  }
}
