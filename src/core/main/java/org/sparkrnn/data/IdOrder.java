package org.sparkrnn.data;

import java.io.Serializable;
import java.util.Comparator;

/**
 * The order of sequences: by group (the first character of the key: '0' training files, '1'
 * held-out files), then by id — numerically when both ids are integers, integers before other
 * ids, others in String order; ties (e.g. "7" and "07") by the text.
 */
final class IdOrder implements Comparator<String>, Serializable {
  private static final long serialVersionUID = 1L;

  static String key(boolean heldOut, String id) {
    return (heldOut ? '1' : '0') + id;
  }

  @Override
  public int compare(String a, String b) {
    if (a.charAt(0) != b.charAt(0)) {
      return Character.compare(a.charAt(0), b.charAt(0));
    }
    Long x = integer(a);
    Long y = integer(b);
    if (x != null && y != null && !x.equals(y)) {
      return Long.compare(x, y);
    }
    if ((x == null) != (y == null)) {
      return x != null ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static Long integer(String key) {
    try {
      return Long.parseLong(key, 1, key.length(), 10);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
