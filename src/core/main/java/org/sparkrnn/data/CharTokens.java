package org.sparkrnn.data;

import java.nio.charset.StandardCharsets;

/**
 * A line's characters and its '\n' (whatever ended it in the file): as code points when no
 * vocabulary is given (to learn one), else as ids of {@code vocab}, a character outside it
 * failing with its file and byte offset or — with {@code skip} — being dropped and counted.
 */
final class CharTokens implements Tokenizer {
  private static final long serialVersionUID = 1L;
  private final CharVocabulary vocab;
  private final boolean skip;

  CharTokens(CharVocabulary vocab, boolean skip) {
    this.vocab = vocab;
    this.skip = skip;
  }

  @Override
  public int tokens(String file, TextLine line, Ints out) {
    String text = line.text;
    int dropped = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (vocab == null) {
        out.add(cp);
      } else {
        int id = vocab.id(cp);
        if (id >= 0) {
          out.add(id);
        } else if (skip) {
          dropped++;
        } else {
          long at = line.offset + text.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
          throw unknown(file, "at byte " + at, cp);
        }
      }
      i += Character.charCount(cp);
    }
    out.add(vocab == null ? '\n' : newline(file, line));
    return dropped;
  }

  private int newline(String file, TextLine line) {
    int id = vocab.id('\n');
    if (id < 0) {
      throw new DataException(file + ": the model's vocabulary has no line break, this text has "
          + "lines (at byte " + line.offset + ")");
    }
    return id;
  }

  static DataException unknown(String file, String where, int cp) {
    return new DataException(file + ": character " + CharVocabulary.describe(cp) + " " + where
        + " is not in the model's vocabulary (data.unknown=skip drops such characters)");
  }
}
