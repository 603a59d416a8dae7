package org.sparkrnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The words a word-level model knows: id 0 is {@value #UNK} (every word not in the list), id 1 is
 * {@value #EOS} (the end of a line), then the most frequent words of the training text, most
 * frequent first, ties broken by the words' order. Saved with the model.
 */
public final class WordVocabulary implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String UNK = "<unk>";
  public static final String EOS = "<eos>";
  public static final int UNK_ID = 0;
  public static final int EOS_ID = 1;

  private final ArrayList<String> words;
  private final HashMap<String, Integer> ids = new HashMap<>();

  /** A vocabulary from its words in id order (as saved): {@value #UNK}, {@value #EOS}, then the rest. */
  public WordVocabulary(List<String> words) {
    if (words.size() < 3 || !words.get(UNK_ID).equals(UNK) || !words.get(EOS_ID).equals(EOS)) {
      throw new DataException("a word vocabulary starts with " + UNK + ", " + EOS
          + " and has at least one word");
    }
    this.words = new ArrayList<>(words);
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.isEmpty() || w.codePoints().anyMatch(Character::isWhitespace)) {
        throw new DataException("word vocabulary: entry " + i + " is empty or holds whitespace");
      }
      if (ids.put(w, i) != null) {
        throw new DataException("word vocabulary: '" + w + "' appears twice");
      }
    }
  }

  public int size() {
    return words.size();
  }

  /** The id of a word; {@link #UNK_ID} for a word not in the vocabulary. */
  public int id(String word) {
    Integer i = ids.get(word);
    return i == null ? UNK_ID : i;
  }

  public boolean contains(String word) {
    return ids.containsKey(word);
  }

  public String word(int id) {
    return words.get(id);
  }

  /** The words in id order (a copy). */
  public List<String> words() {
    return new ArrayList<>(words);
  }

  /** Words of ids, joined by spaces ({@value #EOS} as a line break). */
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      if (id == EOS_ID) {
        sb.append('\n');
      } else {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
          sb.append(' ');
        }
        sb.append(words.get(id));
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WordVocabulary v && v.words.equals(words);
  }

  @Override
  public int hashCode() {
    return words.hashCode();
  }
}
