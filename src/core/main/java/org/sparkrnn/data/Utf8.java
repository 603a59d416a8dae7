package org.sparkrnn.data;

/**
 * Strict UTF-8 decoding of one line's raw bytes (no overlong forms, no surrogates, nothing above
 * U+10FFFF). An invalid sequence fails with the file and byte offset, or — in replace mode —
 * becomes one U+FFFD (per maximal invalid subpart, as the Unicode standard recommends) and is
 * counted. A NUL byte means the file is binary, whatever the mode.
 */
final class Utf8 {
  private Utf8() {}

  /** A decoded line: its text, the replacements made, and its control characters. */
  static final class Decoded {
    final String text;
    final int replaced;
    final int controls;

    Decoded(String text, int replaced, int controls) {
      this.text = text;
      this.replaced = replaced;
      this.controls = controls;
    }
  }

  /** Decodes b[0..len), the line at byte {@code offset} of {@code file}. */
  static Decoded decode(byte[] b, int len, String file, long offset, boolean replace) {
    StringBuilder sb = new StringBuilder(len);
    int replaced = 0;
    int controls = 0;
    int i = 0;
    while (i < len) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (c == 0) {
          throw binary(file, offset + i);
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B
            && c != 0x1B || c == 0x7F) {
          controls++;
        }
        sb.append((char) c);
        i++;
        continue;
      }
      int need;
      int cp;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
      } else {
        need = -1;
        cp = 0;
      }
      int j = i + 1;
      boolean ok = need > 0;
      for (int k = 0; ok && k < need; k++, j++) {
        int d = j < len ? b[j] & 0xFF : -1;
        if (d < (k == 0 ? lo : 0x80) || d > (k == 0 ? hi : 0xBF)) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (d & 0x3F);
      }
      if (ok) {
        sb.appendCodePoint(cp);
        i = j;
      } else {
        if (!replace) {
          throw new DataException(file + ": invalid UTF-8 at byte " + (offset + i) + " (0x"
              + String.format("%02X", c) + "); set data.utf8=replace to read bad bytes as U+FFFD");
        }
        sb.append('\uFFFD');
        replaced++;
        i = Math.max(j, i + 1);
      }
    }
    return new Decoded(sb.toString(), replaced, controls);
  }

  static DataException binary(String file, long offset) {
    return new DataException(file + ": binary data (NUL byte at byte " + offset
        + "), not a UTF-8 text file");
  }
}
