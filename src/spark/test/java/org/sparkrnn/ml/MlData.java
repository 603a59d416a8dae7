package org.sparkrnn.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small learnable Datasets for the Spark ML tests, generated from a seed. */
final class MlData {
  private MlData() {}

  static final StructType DENSE = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("label", DataTypes.DoubleType, false)
      .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));

  /**
   * Three classes of 2-wide sequences of 3..7 steps: class c draws its first feature around c − 1,
   * its second at random; the class shows only in the mean over the steps.
   */
  static List<Row> classes(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(3);
      int len = 3 + r.nextInt(5);
      List<List<Double>> steps = new ArrayList<>();
      for (int t = 0; t < len; t++) {
        steps.add(List.of((c - 1) + gaussian(r) * 0.8, gaussian(r)));
      }
      rows.add(RowFactory.create((long) i, (double) c, steps));
    }
    return rows;
  }

  /** 1-wide sequences of 2..6 steps; the label is the mean of the values. */
  static List<Row> means(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 2 + r.nextInt(5);
      List<List<Double>> steps = new ArrayList<>();
      double sum = 0;
      for (int t = 0; t < len; t++) {
        double x = r.nextDouble() * 2 - 1;
        sum += x;
        steps.add(List.of(x));
      }
      rows.add(RowFactory.create((long) i, sum / len, steps));
    }
    return rows;
  }

  static final StructType TEXT = new StructType()
      .add("text", DataTypes.StringType, false)
      .add("category", DataTypes.StringType, false);

  /** Texts of 4..10 characters: "vowels" from a, e, i, o and "consonants" from k, t, s, n. */
  static List<Row> texts(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean vowels = r.nextBoolean();
      String from = vowels ? "aeio" : "ktsn";
      StringBuilder sb = new StringBuilder();
      int len = 4 + r.nextInt(7);
      for (int t = 0; t < len; t++) {
        sb.append(from.charAt(r.nextInt(4)));
      }
      rows.add(RowFactory.create(sb.toString(), vowels ? "vowels" : "consonants"));
    }
    return rows;
  }

  static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema) {
    return spark.createDataFrame(rows, schema);
  }

  private static double gaussian(SplittableRandom r) {
    double u = Math.max(r.nextDouble(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
