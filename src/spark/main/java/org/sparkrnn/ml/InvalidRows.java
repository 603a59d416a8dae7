package org.sparkrnn.ml;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataException;

/**
 * What a transform does with a row it cannot score, as Spark's handleInvalid says: error (fail,
 * naming the row by its values and, when idCol names a column, its id), skip (drop the row) or
 * keep (characters outside the vocabulary read as the unknown character; other problems fail).
 */
final class InvalidRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int PREVIEW = 40;

  /** A row's parse, which throws a {@link DataException} for a row it cannot read. */
  interface Parse<T> {
    T apply();
  }

  private final boolean skip;
  private final int unknownId;
  private final int idColumn;
  private final String idCol;

  private InvalidRows(boolean skip, int unknownId, int idColumn, String idCol) {
    this.skip = skip;
    this.unknownId = unknownId;
    this.idColumn = idColumn;
    this.idCol = idCol;
  }

  /**
   * The policy of a model's params over an input of {@code schema}.
   *
   * @throws IllegalArgumentException idCol names no column, or keep with a vocabulary that has
   *     no unknown character
   */
  static InvalidRows of(String handleInvalid, CharVocabulary vocab, StructType schema,
      String idCol) {
    int idColumn = -1;
    if (!idCol.isEmpty()) {
      idColumn = Arrays.asList(schema.fieldNames()).indexOf(idCol);
      if (idColumn < 0) {
        throw new IllegalArgumentException("param idCol: no column '" + idCol + "' in the input "
            + "(columns: " + String.join(", ", schema.fieldNames()) + ")");
      }
    }
    return new InvalidRows(handleInvalid.equals("skip"), Tokens.unknownId(vocab, handleInvalid),
        idColumn, idCol);
  }

  /** The vocabulary id of characters outside it (keep), or −1 (they are invalid). */
  int unknownId() {
    return unknownId;
  }

  /**
   * {@code parse}'s result, or null for a row skip drops. Its failure, a message beginning with
   * {@code where}, is thrown again with the row named after {@code where}.
   */
  <T> T parse(Row row, int column, String where, Parse<T> parse) {
    try {
      return parse.apply();
    } catch (DataException e) {
      if (skip) {
        return null;
      }
      String msg = e.getMessage();
      String rest = msg.startsWith(where) ? msg.substring(where.length()) : ": " + msg;
      throw new DataException(where + ", row " + name(row, column) + rest);
    }
  }

  /** The row as a user finds it: its id column if named, and its input value, shortened. */
  String name(Row row, int column) {
    String value = RowValues.preview(row.get(column), PREVIEW);
    return idColumn < 0 ? value
        : idCol + "=" + RowValues.preview(row.get(idColumn), PREVIEW) + " " + value;
  }
}
