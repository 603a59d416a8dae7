package org.sparkrnn.data;

/**
 * A line's whitespace-separated words as ids of {@code vocab} ({@code <unk>} for the rest), then
 * {@code <eos>}; a blank line gives nothing.
 */
final class WordTokens implements Tokenizer {
  private static final long serialVersionUID = 1L;
  private final WordVocabulary vocab;

  WordTokens(WordVocabulary vocab) {
    this.vocab = vocab;
  }

  @Override
  public int tokens(String file, TextLine line, Ints out) {
    int before = out.size();
    for (String w : words(line.text)) {
      out.add(vocab.id(w));
    }
    if (out.size() > before) {
      out.add(WordVocabulary.EOS_ID);
    }
    return 0;
  }

  /** The words of a line: maximal runs of non-whitespace (Character.isWhitespace). */
  static java.util.List<String> words(String text) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean space = Character.isWhitespace(cp);
      if (space && start >= 0) {
        out.add(text.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(text.substring(start));
    }
    return out;
  }
}
