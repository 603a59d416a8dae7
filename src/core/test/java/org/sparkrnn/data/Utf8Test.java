package org.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private static Utf8.Decoded decode(byte[] b, boolean replace) {
    return Utf8.decode(b, b.length, "f.txt", 100, replace);
  }

  @Test
  void decodesValidTextOfEveryLength() {
    String s = "aé€𝄞 z\t";
    Utf8.Decoded d = decode(s.getBytes(StandardCharsets.UTF_8), false);
    assertEquals(s, d.text);
    assertEquals(0, d.replaced);
    assertEquals(0, d.controls);
  }

  @Test
  void failsNamingFileAndByteOffset() {
    byte[] b = {'a', 'b', (byte) 0xE9, 'c'}; // Latin-1 é
    DataException e = assertThrows(DataException.class, () -> decode(b, false));
    assertEquals("f.txt: invalid UTF-8 at byte 102 (0xE9); set data.utf8=replace to read bad "
        + "bytes as U+FFFD", e.getMessage());
  }

  @Test
  void replacesEachInvalidSequenceOnceAndCounts() {
    byte[] b = {
      'a', (byte) 0xC0, (byte) 0xAF, // overlong '/': two bad bytes
      (byte) 0xED, (byte) 0xA0, (byte) 0x80, // a surrogate: E D is valid start, A0 is not
      (byte) 0xE2, (byte) 0x82, // truncated €
      'b', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 // above U+10FFFF
    };
    Utf8.Decoded d = decode(b, true);
    assertEquals("a\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFD", d.text);
    assertEquals(10, d.replaced);
  }

  @Test
  void truncatedSequenceIsOneReplacement() {
    byte[] b = {'x', (byte) 0xE2, (byte) 0x82, 'y'};
    Utf8.Decoded d = decode(b, true);
    assertEquals("x\uFFFDy", d.text);
    assertEquals(1, d.replaced);
  }

  @Test
  void nulByteMeansBinaryInEitherMode() {
    byte[] b = {'a', 0, 'b'};
    for (boolean replace : new boolean[] {false, true}) {
      DataException e = assertThrows(DataException.class, () -> decode(b, replace));
      assertEquals("f.txt: binary data (NUL byte at byte 101), not a UTF-8 text file",
          e.getMessage());
    }
  }

  @Test
  void countsControlCharacters() {
    byte[] b = {'a', 1, 2, '\t', 0x1B, 0x7F};
    Utf8.Decoded d = decode(b, false);
    assertEquals(3, d.controls);
    assertTrue(d.text.startsWith("a"));
  }
}
