package org.sparkrnn.ml;

import java.util.Arrays;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Checks of a stage's columns against a schema, each failure one line naming param and column. */
final class InputColumns {
  private InputColumns() {}

  /** What an input column holds. */
  enum Kind {
    /** array&lt;array&lt;number&gt;&gt; or array&lt;vector&gt;: one feature vector per step. */
    DENSE,
    /** string: one character per step. */
    TEXT
  }

  static StructField field(StructType schema, String column, String param) {
    int i = Arrays.asList(schema.fieldNames()).indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(param + " = '" + column + "': the input has no such "
          + "column (columns: " + String.join(", ", schema.fieldNames()) + ")");
    }
    return schema.fields()[i];
  }

  /** The kind of a sequence input column; fails naming the types accepted. */
  static Kind sequenceKind(StructType schema, String column, String param) {
    DataType t = field(schema, column, param).dataType();
    if (t.equals(DataTypes.StringType)) {
      return Kind.TEXT;
    }
    if (t instanceof ArrayType a) {
      DataType e = a.elementType();
      if (e instanceof VectorUDT
          || e instanceof ArrayType inner && inner.elementType() instanceof NumericType) {
        return Kind.DENSE;
      }
    }
    throw new IllegalArgumentException(param + " = '" + column + "' is of type "
        + t.simpleString() + "; expected array<array<double>> (a sequence of feature vectors), "
        + "array<vector>, or string (a sequence of characters)");
  }

  /** A fitted model reads the kind of sequence it was trained on. */
  static void requireKind(StructType schema, String column, String param, Kind trained) {
    Kind k = sequenceKind(schema, column, param);
    if (k != trained) {
      throw new IllegalArgumentException(param + " = '" + column + "' is of type "
          + field(schema, column, param).dataType().simpleString() + "; the model was trained on "
          + (trained == Kind.TEXT ? "text (string)" : "sequences of feature vectors "
          + "(array<array<double>> or array<vector>)"));
    }
  }

  static void requireText(StructType schema, String column, String param) {
    DataType t = field(schema, column, param).dataType();
    if (!t.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(param + " = '" + column + "' is of type "
          + t.simpleString() + "; expected string");
    }
  }

  static void requireNumeric(StructType schema, String column, String param) {
    DataType t = field(schema, column, param).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(param + " = '" + column + "' is of type "
          + t.simpleString() + "; expected a number"
          + (t.equals(DataTypes.StringType) ? " (index string labels with StringIndexer)" : ""));
    }
  }

  /** An output column must not exist yet ("" means the column is off and always passes). */
  static void requireNew(StructType schema, String column, String param) {
    if (!column.isEmpty() && Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(param + " = '" + column + "': the input already has a "
          + "column of that name");
    }
  }

  /** Classes a label column's ML attribute declares (StringIndexer sets it), or −1. */
  static int declaredClasses(StructField label) {
    try {
      Attribute a = Attribute.fromStructField(label);
      if (a instanceof BinaryAttribute) {
        return 2;
      }
      if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
        return (Integer) n.getNumValues().get();
      }
    } catch (RuntimeException e) {
      // no usable ML attribute: the labels themselves decide
    }
    return -1;
  }
}
