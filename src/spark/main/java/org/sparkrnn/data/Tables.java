package org.sparkrnn.data;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * CSV or Parquet files on any Hadoop path through Spark SQL, each row with the file it came from.
 * CSV is read all-strings (numbers are parsed where an error can name the sequence) and
 * permissively, so a row with the wrong number of fields is caught and reported with its text.
 */
final class Tables {
  private Tables() {}

  static final String FILE = "_file";
  static final String CORRUPT = "_corrupt_record";

  /** The rows of a table and where its columns are. */
  static final class Table {
    final JavaRDD<Row> rows;
    final List<String> columns; // the data columns, without _file / _corrupt_record
    final String path;

    final boolean csv;
    final String format;

    Table(JavaRDD<Row> rows, List<String> columns, String path, String format) {
      this.rows = rows;
      this.columns = columns;
      this.path = path;
      this.format = format;
      this.csv = format.equals("csv");
    }

    /** The position of a column; fails naming the setting when the table has none such. */
    int index(String column, String key) {
      int i = columns.indexOf(column);
      if (i < 0) {
        throw new DataException(path + ": no column '" + column + "' (columns: "
            + String.join(", ", columns) + "); set " + key);
      }
      return i;
    }

    int fileIndex() {
      return columns.size();
    }

    /** The corrupt-record column (CSV), or −1. */
    int corruptIndex() {
      return csv ? columns.size() + 1 : -1;
    }
  }

  static Table read(SparkSession spark, String path, String key, DataOptions o) {
    List<String> files = InputPaths.files(spark.sparkContext().hadoopConfiguration(), path, key);
    String format = InputPaths.tableFormat(o.format(), files);
    boolean csv = format.equals("csv");
    if (!csv && !format.equals("parquet")) {
      throw new DataException(DataOptions.FORMAT + " = " + format + ": " + o.kind().key()
          + " reads csv or parquet");
    }
    Dataset<Row> df;
    String[] names;
    try {
      if (csv) {
        String sep = String.valueOf(o.csvDelimiter());
        String header = Boolean.toString(o.csvHeader());
        String escape = o.csvEscape();
        String multiLine = Boolean.toString(o.csvMultiline());
        names = spark.read().option("header", header).option("sep", sep).option("escape", escape)
            .option("multiLine", multiLine).csv(path).columns();
        StructType schema = new StructType();
        for (String n : names) {
          schema = schema.add(n, DataTypes.StringType, true);
        }
        schema = schema.add(CORRUPT, DataTypes.StringType, true);
        df = spark.read().schema(schema).option("header", header).option("sep", sep)
            .option("escape", escape).option("multiLine", multiLine).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
            .csv(path);
      } else {
        df = spark.read().parquet(path);
        names = df.columns();
      }
    } catch (RuntimeException e) {
      throw new DataException(key + ": cannot read " + path + " as " + format + ": "
          + firstLine(e.getMessage()));
    }
    Column[] select = new Column[names.length + (csv ? 2 : 1)];
    for (int i = 0; i < names.length; i++) {
      select[i] = df.col("`" + names[i].replace("`", "``") + "`");
    }
    select[names.length] = functions.input_file_name().as(FILE);
    if (csv) {
      select[names.length + 1] = df.col(CORRUPT);
    }
    return new Table(df.select(select).javaRDD(), List.of(names), path, format);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
