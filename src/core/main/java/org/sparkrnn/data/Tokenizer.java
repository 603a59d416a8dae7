package org.sparkrnn.data;

import java.io.Serializable;

/** Turns one decoded line of a text corpus into ints, the same way in every pass over it. */
interface Tokenizer extends Serializable {
  /** Appends the line's tokens to {@code out}; returns how many characters it dropped. */
  int tokens(String file, TextLine line, Ints out);
}
