package org.sparkrnn.data;

/** One decoded line of a text file and the byte where it starts; what a {@link Tokenizer} reads. */
final class TextLine {
  final long offset;
  final String text;
  final int replaced;
  final int controls;

  TextLine(long offset, Utf8.Decoded d) {
    this.offset = offset;
    this.text = d.text;
    this.replaced = d.replaced;
    this.controls = d.controls;
  }
}
