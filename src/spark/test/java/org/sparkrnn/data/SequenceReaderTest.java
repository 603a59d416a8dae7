package org.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.spark.LocalSpark;

class SequenceReaderTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");
  @TempDir Path dir;

  private static Path resource(String name) throws Exception {
    return Path.of(SequenceReaderTest.class.getResource("/data/" + name).toURI());
  }

  private static DataOptions options(Path p, String... kv) {
    DataOptions o = DataOptions.defaults().with("data.kind", "sequences")
        .with("data.path", Collected.uri(p)).with("data.validation_fraction", "0");
    for (int i = 0; i < kv.length; i += 2) {
      o = o.with(kv[i], kv[i + 1]);
    }
    return o;
  }

  /** How Spark SQL names a file (input_file_name). */
  static String file(Path p) {
    return p.toUri().toString();
  }

  private String fail(Path p, String... kv) {
    return Collected.failure(() -> DataReader.prepare(SPARK.session(), options(p, kv)));
  }

  @Test
  void oneRowPerSequenceCsv() throws Exception {
    PreparedData d = DataReader.prepare(SPARK.session(), options(resource("sequences.csv"),
        "data.validation_fraction", "0.2"));
    assertEquals(List.of("bird", "cat", "dog"), d.spec().classes().names());
    assertEquals(2, d.spec().inputSize());
    assertEquals(OutputMode.MANY_TO_ONE, d.spec().mode());
    assertEquals("csv", d.spec().toMap().get("data.format"));
    List<Example> train = Collected.all(d.train());
    List<Example> val = Collected.all(d.validation());
    // id order s1, s10, s2, s3 | s4
    assertEquals(4, train.size());
    assertEquals(List.of(0L, 1L, 2L, 3L), train.stream().map(Example::id).toList());
    assertArrayEquals(new double[] {1, 0, 0, 1}, train.get(0).features());
    assertArrayEquals(new int[] {1}, train.get(0).labels());
    assertEquals(1, train.get(1).length());
    assertArrayEquals(new double[] {0.5, 1, 0.25, 2, 1, 1}, train.get(2).features());
    assertArrayEquals(new int[] {2}, train.get(2).labels());
    assertEquals(1, val.size());
    assertEquals(0L, val.get(0).id());
    assertArrayEquals(new int[] {0}, val.get(0).labels());
  }

  @Test
  void oneRowPerStepCsvGroupsByIdOrdersByT() throws Exception {
    PreparedData d = DataReader.prepare(SPARK.session(), options(resource("steps.csv"),
        "data.layout", "step"));
    assertEquals("f0,f1", d.spec().options().get(DataOptions.FEATURE_COLUMNS));
    List<Example> ex = Collected.all(d.train());
    // numeric ids first: 7, then a, b
    assertEquals(3, ex.size());
    assertArrayEquals(new double[] {5, 5, 6, 6}, ex.get(0).features());
    assertArrayEquals(new double[] {0.3, 0.4, 0.1, 0.2}, ex.get(1).features());
    assertArrayEquals(new int[] {0}, ex.get(1).labels());
    assertArrayEquals(new double[] {1, 1, 3, 3, 2, 2}, ex.get(2).features());
    assertArrayEquals(new int[] {1}, ex.get(2).labels());

    PreparedData m = DataReader.prepare(SPARK.session(), options(resource("steps.csv"),
        "data.layout", "step", "data.mode", "many-to-many", "data.feature_columns", "f1"));
    List<Example> mm = Collected.all(m.train());
    assertArrayEquals(new double[] {0.4, 0.2}, mm.get(1).features());
    assertArrayEquals(new int[] {1, 1, 1}, mm.get(2).labels());
  }

  @Test
  void parquetNestedAndFlatArrays() {
    StructType nested = new StructType().add("id", DataTypes.LongType)
        .add("label", DataTypes.IntegerType)
        .add("features", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
    List<Row> rows = List.of(
        RowFactory.create(10L, 1, List.of(List.of(1.0, 2.0), List.of(3.0, 4.0))),
        RowFactory.create(2L, 0, List.of(List.of(5.0, 6.0))),
        RowFactory.create(3L, 2, List.of(List.of(7.0, 8.0), List.of(9.0, 1.0), List.of(0.0, 0.0))));
    String out = Collected.uri(dir.resolve("nested.parquet"));
    SPARK.session().createDataFrame(rows, nested).write().parquet(out);
    PreparedData d = DataReader.prepare(SPARK.session(), options(dir.resolve("nested.parquet")));
    assertEquals("parquet", d.spec().toMap().get("data.format"));
    assertEquals(List.of("0", "1", "2"), d.spec().classes().names());
    List<Example> ex = Collected.all(d.train());
    assertArrayEquals(new double[] {5, 6}, ex.get(0).features()); // id 2
    assertArrayEquals(new int[] {0}, ex.get(0).labels());
    assertArrayEquals(new double[] {1, 2, 3, 4}, ex.get(2).features()); // id 10
    assertArrayEquals(new int[] {1}, ex.get(2).labels());

    StructType flat = new StructType().add("id", DataTypes.StringType)
        .add("label", DataTypes.DoubleType)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
    SPARK.session().createDataFrame(List.of(
        RowFactory.create("x", 0.5, List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)),
        RowFactory.create("y", -1.5, List.of(1.0, 2.0, 3.0))), flat)
        .write().parquet(Collected.uri(dir.resolve("flat")));
    PreparedData r = DataReader.prepare(SPARK.session(), options(dir.resolve("flat"), "data.width", "3",
        "data.target", "real"));
    assertNull(r.spec().classes());
    assertEquals(1, r.spec().targetWidth());
    assertEquals(3, r.spec().inputSize());
    List<Example> rx = Collected.all(r.train());
    assertEquals(2, rx.get(0).length());
    assertArrayEquals(new double[] {0.5}, rx.get(0).targets());
    assertArrayEquals(new double[] {-1.5}, rx.get(1).targets());
    String m = fail(dir.resolve("flat"), "data.target", "real");
    assertTrue(m.matches("file:/.*/flat/part-[^:]*\\.parquet: sequence 'x': features is a flat "
        + "array; set data\\.width \\(values per step\\)"), m);
  }

  @Test
  void realTargetsManyToMany() {
    Path f = Collected.write(dir, "reg.csv", "id,label,features\n"
        + "1,\"0.1,1;0.2,2\",\"1;2\"\n"
        + "2,\"0.3,3\",\"4\"\n");
    PreparedData d = DataReader.prepare(SPARK.session(), options(f, "data.target", "real",
        "data.mode", "many-to-many"));
    assertEquals(2, d.spec().targetWidth());
    assertEquals(1, d.spec().inputSize());
    List<Example> ex = Collected.all(d.train());
    assertArrayEquals(new double[] {0.1, 1, 0.2, 2}, ex.get(0).targets());
    assertArrayEquals(new double[] {4}, ex.get(1).features());
  }

  @Test
  void textClassificationBuildsCharacterSequences() {
    Path f = Collected.write(dir, "texts.csv", "text,label\n\"hello there\",greet\n"
        + "\"bye, now\",leave\nhi,greet\n");
    PreparedData d = DataReader.prepare(SPARK.session(), DataOptions.defaults()
        .with("data.kind", "text_classification").with("data.path", Collected.uri(f))
        .with("data.validation_fraction", "0"));
    CharVocabulary v = d.spec().chars();
    assertEquals(" ,behilnortwy", v.asString());
    assertEquals(List.of("greet", "leave"), d.spec().classes().names());
    List<Example> ex = Collected.all(d.train());
    assertEquals(List.of("hello there", "bye, now", "hi"),
        ex.stream().map(e -> v.decode(e.tokens())).toList());
    assertArrayEquals(new int[] {1}, ex.get(1).labels());

    Path test = Collected.write(dir, "texts-test.csv", "text,label\nhey,greet\nhowdy,greet\n");
    DataSpec saved = DataSpec.fromMap(d.spec().toMap(), "model.json");
    assertEquals(file(test) + ": row 2 'howdy': character 'd' (U+0064) in the text is not in the "
        + "model's vocabulary (data.unknown=skip drops such characters)",
        Collected.failure(() -> DataReader.evaluate(SPARK.session(), Collected.uri(test), saved)));

    Path blank = Collected.write(dir, "texts-blank.csv", "text,label\nhi,greet\n,leave\n");
    assertEquals(file(blank) + ": row 2: text is missing", Collected.failure(() ->
        DataReader.prepare(SPARK.session(), DataOptions.defaults().with("data.kind", "text_classification")
            .with("data.path", Collected.uri(blank)).with("data.validation_fraction", "0"))));
  }

  /** RFC 4180: a quote inside a quoted field is doubled; with multiline, a field holds a newline. */
  @Test
  void csvDoubledQuotesAndQuotedLineBreaks() {
    Path f = Collected.write(dir, "quoted.csv", "text,label\n\"say \"\"hi\"\"\",greet\n"
        + "\"two\nlines\",leave\n");
    DataOptions o = DataOptions.defaults().with("data.kind", "text_classification")
        .with("data.path", Collected.uri(f)).with("data.validation_fraction", "0")
        .with("data.csv.escape", "quote").with("data.csv.multiline", "true");
    PreparedData d = DataReader.prepare(SPARK.session(), o);
    CharVocabulary v = d.spec().chars();
    assertEquals(List.of("say \"hi\"", "two\nlines"),
        Collected.all(d.train()).stream().map(e -> v.decode(e.tokens())).toList());
    assertEquals(List.of("greet", "leave"), d.spec().classes().names());

    // the default: a backslash before the quote (as spam.csv from data/fetch-spam.sh is written)
    Path b = Collected.write(dir, "backslash.csv", "text,label\n\"say \\\"hi\\\"\",greet\nbye,leave\n");
    PreparedData db = DataReader.prepare(SPARK.session(), o.with("data.path", Collected.uri(b))
        .with("data.csv.escape", "backslash").with("data.csv.multiline", "false"));
    assertEquals("backslash", DataOptions.defaults().get("data.csv.escape"));
    CharVocabulary vb = db.spec().chars();
    assertEquals(List.of("say \"hi\"", "bye"),
        Collected.all(db.train()).stream().map(e -> vb.decode(e.tokens())).toList());
  }

  @Test
  void truncatedTextsReadBackWithTheVocabularyLearnedFromThem() {
    Path f = Collected.write(dir, "long-texts.csv", "text,label\n\"abcXYZ\",one\n\"cabQ\",two\n");
    PreparedData d = DataReader.prepare(SPARK.session(), DataOptions.defaults()
        .with("data.kind", "text_classification").with("data.path", Collected.uri(f))
        .with("data.validation_fraction", "0").with("data.max_length", "3")
        .with("data.too_long", "truncate"));
    CharVocabulary v = d.spec().chars();
    assertEquals("abc", v.asString(), "learned from the cut texts only");
    // read again as a resumed run or evaluate does: the cut comes before the vocabulary lookup
    DataSpec saved = DataSpec.fromMap(d.spec().toMap(), "model.json");
    List<Example> again = Collected.all(DataReader.evaluate(SPARK.session(), Collected.uri(f), saved).validation());
    assertEquals(List.of("abc", "cab"), again.stream().map(e -> v.decode(e.tokens())).toList());
  }

  @Test
  void maxLengthFailsOrTruncates() throws Exception {
    Path p = resource("sequences.csv");
    assertEquals(file(p) + ": sequence 's2': 3 steps, longer than data.max_length=2 "
        + "(data.too_long=truncate keeps the first 2)", fail(p, "data.max_length", "2"));
    PreparedData d = DataReader.prepare(SPARK.session(), options(p, "data.max_length", "2",
        "data.too_long", "truncate"));
    assertEquals(1, d.stats().truncated());
    assertArrayEquals(new double[] {0.5, 1, 0.25, 2}, Collected.all(d.train()).get(2).features());
  }

  @Test
  void splitsAreDisjointAndCoverEverySequence() {
    StringBuilder csv = new StringBuilder("id,label,features\n");
    for (int i = 0; i < 23; i++) {
      csv.append(i).append(',').append(i % 3).append(",\"").append(i).append(";1\"\n");
    }
    Path f = Collected.write(dir, "many.csv", csv.toString());
    PreparedData d = DataReader.prepare(SPARK.session(), options(f, "data.validation_fraction", "0.3",
        "data.partitions", "3"));
    List<Example> train = Collected.all(d.train());
    List<Example> val = Collected.all(d.validation());
    assertEquals(16, train.size());
    assertEquals(7, val.size());
    for (int i = 0; i < train.size(); i++) {
      assertEquals(i, train.get(i).id());
      assertEquals(i, train.get(i).features()[0]);
    }
    for (int i = 0; i < val.size(); i++) {
      assertEquals(i, val.get(i).id());
      assertEquals(16 + i, val.get(i).features()[0]);
    }

    Collected.write(dir, "byfile/a.csv", "id,label,features\n1,x,1\n2,y,2\n");
    Collected.write(dir, "byfile/b.csv", "id,label,features\n0,x,3\n");
    PreparedData byFile = DataReader.prepare(SPARK.session(), options(dir.resolve("byfile"),
        "data.split", "document", "data.validation_fraction", "0.5"));
    assertEquals(List.of(1.0, 2.0), Collected.all(byFile.train()).stream()
        .map(e -> e.features()[0]).toList());
    assertEquals(List.of(3.0), Collected.all(byFile.validation()).stream()
        .map(e -> e.features()[0]).toList());
  }

  @Test
  void badRowsAreOneLineNamingFileAndSequence() {
    String head = "id,label,features\n";
    String ok = "s0,dog,\"1,1\"\n";
    Path cols = Collected.write(dir, "cols.csv", head + ok + "s5,cat\n");
    assertEquals(file(cols) + ": malformed CSV row 's5,cat': expected 3 fields (id, label, "
        + "features)", fail(cols));
    Path text = Collected.write(dir, "text.csv", head + ok + "s1,cat,\"1,x\"\n");
    assertEquals(file(text) + ": sequence 's1': features value 2 of step 1 'x' is not a number",
        fail(text));
    Path nan = Collected.write(dir, "nan.csv", head + ok + "s1,cat,\"1;NaN\"\n");
    assertEquals(file(nan) + ": sequence 's1': features value 1 of step 2 is NaN; values must be "
        + "finite", fail(nan));
    Path inf = Collected.write(dir, "inf.csv", head + ok + "s1,cat,\"1;-Infinity\"\n");
    assertEquals(file(inf) + ": sequence 's1': features value 1 of step 2 is -Infinity; values "
        + "must be finite", fail(inf));
    Path ragged = Collected.write(dir, "ragged.csv", head + ok + "s1,cat,\"1,2;3\"\n");
    assertEquals(file(ragged) + ": sequence 's1': ragged features: step 2 has 1 values, step 1 "
        + "has 2", fail(ragged));
    Path empty = Collected.write(dir, "empty.csv", head + ok + "s1,cat,\n");
    assertEquals(file(empty) + ": sequence 's1': features is missing", fail(empty));
    Path widths = Collected.write(dir, "widths.csv", head + ok + "s1,cat,\"1,2,3\"\n");
    assertEquals("features per step differ between sequences: " + file(widths)
        + ": sequence 's0' has 2, " + file(widths) + ": sequence 's1' has 3", fail(widths));
    Path dup = Collected.write(dir, "dup.csv", head + ok + "s0,cat,\"1,2\"\n");
    assertEquals(file(dup) + ": sequence id 's0' appears 2 times (layout=sequence: one row per "
        + "sequence)", fail(dup));
    Path one = Collected.write(dir, "one.csv", head + ok);
    assertEquals(Collected.uri(one) + ": every label is 'dog'; a classifier needs at least 2 "
        + "classes", fail(one));
    Path perStep = Collected.write(dir, "perstep.csv", head + "s0,a;b,\"1;2;3\"\n");
    assertEquals(file(perStep) + ": sequence 's0': 2 labels for 3 steps (many-to-many: one per "
        + "step)", fail(perStep, "data.mode", "many-to-many"));
    assertEquals(Collected.uri(one) + ": no column 'y' (columns: id, label, features); set "
        + "data.label_columns", fail(one, "data.label_columns", "y"));
    Path missing = dir.resolve("none.csv");
    assertEquals("data.path: no such file or directory: " + Collected.uri(missing), fail(missing));
  }

  @Test
  void badStepRows() {
    Path dup = Collected.write(dir, "dupt.csv", "id,t,f0,label\na,0,1,x\na,1,2,x\na,1,3,x\n"
        + "b,0,1,y\n");
    assertEquals(file(dup) + ": sequence 'a' has two rows with t=1",
        fail(dup, "data.layout", "step"));
    Path differ = Collected.write(dir, "differ.csv", "id,t,f0,label\na,0,1,x\na,1,2,y\n");
    assertEquals(file(differ) + ": sequence 'a': label differs between t=0 and t=1 (many-to-one: "
        + "one label per sequence)", fail(differ, "data.layout", "step"));
    Path t = Collected.write(dir, "badt.csv", "id,t,f0,label\na,0.5,1,x\n");
    assertEquals(file(t) + ": sequence 'a': t 0.5 is not an integer",
        fail(t, "data.layout", "step"));
    Path missing = Collected.write(dir, "nof.csv", "id,t,f0,label\na,0,,x\nb,0,1,y\n");
    assertEquals(file(missing) + ": sequence 'a' at t=0: f0 is missing",
        fail(missing, "data.layout", "step"));
  }

  @Test
  void unknownLabelAtEvaluation() throws Exception {
    PreparedData d = DataReader.prepare(SPARK.session(), options(resource("sequences.csv")));
    DataSpec saved = DataSpec.fromMap(d.spec().toMap(), "model.json");
    Path test = Collected.write(dir, "eval.csv", "id,label,features\nq1,cat,\"1,1\"\n"
        + "q2,cow,\"2,2\"\n");
    assertEquals(file(test) + ": sequence 'q2': label 'cow' is not one of the model's classes "
        + "[bird, cat, dog]",
        Collected.failure(() -> DataReader.evaluate(SPARK.session(), Collected.uri(test), saved)));
    Path good = Collected.write(dir, "good.csv", "id,label,features\nq1,cat,\"1,1\"\n"
        + "q0,dog,\"2,2;3,3\"\n");
    PreparedData e = DataReader.evaluate(SPARK.session(), Collected.uri(good), saved);
    List<Example> ex = Collected.all(e.validation());
    assertEquals(2, ex.size());
    assertArrayEquals(new int[] {2}, ex.get(0).labels()); // q0 first
    Path wide = Collected.write(dir, "wide.csv", "id,label,features\nq1,cat,\"1,1,1\"\n");
    assertEquals(file(wide) + ": sequence 'q1': 3 features per step, the model reads 2",
        Collected.failure(() -> DataReader.evaluate(SPARK.session(), Collected.uri(wide), saved)));
    assertEquals(Arrays.asList(0L, 1L), ex.stream().map(Example::id).toList());
  }
}
