package org.sparkrnn.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A GitHub-flavoured Markdown table: a header row, an alignment row (numbers right-aligned) and one
 * row per entry; '|' inside a cell is escaped, line breaks become spaces.
 */
public final class MarkdownTable {
  private final List<String> headers;
  private final boolean[] right;
  private final List<List<String>> rows = new ArrayList<>();

  /** @param right which columns hold numbers (right-aligned); same length as {@code headers} */
  public MarkdownTable(List<String> headers, boolean[] right) {
    if (headers.isEmpty() || right.length != headers.size()) {
      throw new IllegalArgumentException("a table needs headers and one alignment per header");
    }
    this.headers = List.copyOf(headers);
    this.right = right.clone();
  }

  public MarkdownTable row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row of " + cells.size() + " cells for "
          + headers.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  public int rowCount() {
    return rows.size();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    line(sb, headers);
    sb.append('|');
    for (boolean r : right) {
      sb.append(r ? " ---: |" : " --- |");
    }
    sb.append('\n');
    for (List<String> r : rows) {
      line(sb, r);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ').append(escape(c)).append(" |");
    }
    sb.append('\n');
  }

  /** The same table as an HTML {@code <table>} (cells HTML-escaped). */
  public String toHtml() {
    StringBuilder sb = new StringBuilder("<table>\n<tr>");
    for (int i = 0; i < headers.size(); i++) {
      sb.append("<th>").append(html(headers.get(i))).append("</th>");
    }
    sb.append("</tr>\n");
    for (List<String> r : rows) {
      sb.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        sb.append(right[i] ? "<td class=\"n\">" : "<td>").append(html(r.get(i))).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  static String html(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String escape(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    return s.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
  }

  /**
   * A number for a table: four significant digits, scientific notation below 10⁻³ or from 10⁶,
   * "NaN" / "inf" for what is not finite, "—" for a missing value (NaN passed as {@code missing}).
   */
  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a < 1e-3 || a >= 1e6) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
        .toPlainString();
    return s;
  }

  /** {@link #num}, or "—" when the value is absent (NaN). */
  public static String numOrDash(double v) {
    return Double.isNaN(v) ? "—" : num(v);
  }

  /** A whole count with thousands separators. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
