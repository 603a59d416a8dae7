package org.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.data.DataException;
import org.sparkrnn.spark.LocalSpark;

/**
 * The Spark ML stages in a real local[2] session: fit/transform on learnable data, Pipelines with
 * Spark's own stages, CrossValidator, persistence, and the errors a user can cause.
 */
class RnnEstimatorsTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  @TempDir
  Path tmp;

  static Dataset<Row> dense(int n, long seed) {
    return MlData.frame(SPARK.session(), MlData.classes(n, seed), MlData.DENSE);
  }

  static RnnClassifier smallClassifier() {
    return new RnnClassifier().setHiddenSize(8).setEpochs(12).setBatchSize(16).setStepSize(0.03)
        .setNumPartitions(2).setSeed(3);
  }

  static double accuracy(Dataset<Row> scored, String label) {
    return new MulticlassClassificationEvaluator().setLabelCol(label)
        .setMetricName("accuracy").evaluate(scored);
  }

  @Test
  void classifierLearnsDenseSequencesAndAddsSparkColumns() {
    RnnClassificationModel model = smallClassifier().fit(dense(240, 1));
    assertEquals(3, model.numClasses());
    assertEquals(8, model.getHiddenSize()); // the estimator's params travel to the model
    double[] losses = model.lossHistory();
    assertEquals(12 * 15, losses.length); // 12 epochs of ⌈240 / 16⌉ steps
    double early = Arrays.stream(losses, 0, 15).average().orElseThrow();
    double late = Arrays.stream(losses, losses.length - 15, losses.length).average().orElseThrow();
    System.out.printf("ml: classifier training loss: first epoch %.4f, last epoch %.4f%n", early,
        late);
    assertTrue(late < 0.7 * early, early + " -> " + late);
    Dataset<Row> scored = model.transform(dense(120, 2));
    StructType s = scored.schema();
    assertEquals(List.of("id", "label", "features", "rawPrediction", "probability", "prediction"),
        Arrays.asList(s.fieldNames()));
    double acc = accuracy(scored, "label");
    System.out.printf("ml: dense classifier held-out accuracy %.3f (chance 0.333)%n", acc);
    assertTrue(acc > 0.75, "accuracy " + acc);
    for (Row r : scored.select("rawPrediction", "probability", "prediction").collectAsList()) {
      double[] raw = ((Vector) r.get(0)).toArray();
      double[] p = ((Vector) r.get(1)).toArray();
      assertEquals(3, p.length);
      assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
      int best = 0;
      for (int k = 1; k < 3; k++) {
        best = raw[k] > raw[best] ? k : best;
      }
      assertEquals(best, r.getDouble(2), 0.0); // arg-max of logits = arg-max of softmax
      double z = 0;
      for (double x : raw) {
        z += Math.exp(x - raw[best]);
      }
      assertEquals(1 / z, p[best], 1e-12);
    }
    NominalAttribute prediction =
        (NominalAttribute) Attribute.fromStructField(s.apply("prediction"));
    assertEquals(3, (Integer) prediction.getNumValues().get());
    assertEquals(List.of("id", "label", "features", "rawPrediction", "prediction"),
        Arrays.asList(model.setProbabilityCol("").transform(dense(5, 3)).schema().fieldNames()));
  }

  @Test
  void pipelineWithStringIndexerOnTextAndEvaluator() {
    Dataset<Row> train = MlData.frame(SPARK.session(), MlData.texts(160, 5), MlData.TEXT);
    Dataset<Row> test = MlData.frame(SPARK.session(), MlData.texts(80, 6), MlData.TEXT);
    StringIndexer indexer = new StringIndexer().setInputCol("category").setOutputCol("label");
    RnnClassifier rnn = new RnnClassifier().setFeaturesCol("text").setCellType("gru")
        .setHiddenSize(8).setEpochs(6).setBatchSize(16).setStepSize(0.05).setNumPartitions(2);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {indexer, rnn}).fit(train);
    double acc = accuracy(model.transform(test), "label");
    System.out.printf("ml: text pipeline (StringIndexer + GRU) held-out accuracy %.3f%n", acc);
    assertTrue(acc > 0.9, "accuracy " + acc);
    RnnClassificationModel fitted = (RnnClassificationModel) model.stages()[1];
    assertEquals("aeiknost", fitted.dataSpec().chars().asString());
  }

  @Test
  void crossValidatorOverHiddenSizeAndStepSize() {
    Dataset<Row> data = dense(120, 7);
    RnnClassifier rnn = new RnnClassifier().setEpochs(3).setBatchSize(20).setNumPartitions(2);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(rnn.hiddenSize(), new int[] {2, 8})
        .addGrid(rnn.stepSize(), new double[] {1e-4, 0.05})
        .build();
    CrossValidator cv = new CrossValidator().setEstimator(rnn).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .setNumFolds(2).setSeed(11);
    long t0 = System.nanoTime();
    CrossValidatorModel m = cv.fit(data);
    double[] metrics = m.avgMetrics();
    System.out.printf("ml: CrossValidator 2x2 grid, 2 folds: %.1f s, accuracy %s%n",
        (System.nanoTime() - t0) / 1e9, Arrays.toString(metrics));
    assertEquals(4, metrics.length);
    RnnClassificationModel best = (RnnClassificationModel) m.bestModel();
    // a learning rate of 1e-4 for 3 short epochs barely moves the weights: the best is 0.05
    assertEquals(0.05, best.getStepSize());
    int bestIndex = 0;
    for (int i = 1; i < 4; i++) {
      bestIndex = metrics[i] > metrics[bestIndex] ? i : bestIndex;
    }
    assertEquals(best.getHiddenSize(), (int) (Integer) grid[bestIndex].apply(rnn.hiddenSize()));
  }

  @Test
  void regressorLearnsTheMean() {
    Dataset<Row> train = MlData.frame(SPARK.session(), MlData.means(300, 21), MlData.DENSE);
    Dataset<Row> test = MlData.frame(SPARK.session(), MlData.means(100, 22), MlData.DENSE);
    RnnRegressionModel model = new RnnRegressor().setHiddenSize(8).setEpochs(15).setBatchSize(16)
        .setStepSize(0.02).setNumPartitions(2).fit(train);
    Dataset<Row> scored = model.transform(test);
    RegressionEvaluator mse = new RegressionEvaluator().setMetricName("mse");
    double err = mse.evaluate(scored);
    double variance = test.selectExpr("var_pop(label)").first().getDouble(0);
    System.out.printf("ml: regressor held-out MSE %.5f, label variance %.5f%n", err, variance);
    assertTrue(err < 0.2 * variance, "MSE " + err + " vs variance " + variance);
  }

  @Test
  void languageModelScoresItsOwnKindOfTextBetter() {
    StructType schema = new StructType().add("text", DataTypes.StringType);
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create("abcdabcdabcdabcd".substring(i % 4) + "abcdabcd"));
    }
    RnnCharLMModel lm = new RnnCharLM().setWindowSize(8).setHiddenSize(12).setEpochs(20)
        .setBatchSize(16).setStepSize(0.05).setNumPartitions(2).fit(SPARK.session().createDataFrame(rows,
            schema));
    assertEquals("abcd", lm.vocabulary());
    Dataset<Row> probe = SPARK.session().createDataFrame(List.of(RowFactory.create("abcdabcdabcdab"),
        RowFactory.create("dcbadcbadcbadc"), RowFactory.create("a")), schema);
    List<Row> out = lm.transform(probe).collectAsList();
    double seen = out.get(0).getDouble(1);
    double reversed = out.get(1).getDouble(1);
    System.out.printf("ml: char LM log loss: trained pattern %.4f, reversed %.4f, uniform %.4f%n",
        seen, reversed, Math.log(4));
    assertTrue(seen < 0.3 * Math.log(4), "log loss " + seen);
    assertTrue(reversed > 2 * seen, "reversed " + reversed);
    assertEquals(Math.exp(seen), out.get(0).getDouble(2), 1e-12);
    assertNull(out.get(2).get(1)); // one character: nothing to predict
    Dataset<Row> unknown = SPARK.session().createDataFrame(List.of(RowFactory.create("abxd"),
        RowFactory.create("abcdabcd")), schema);
    Exception e = assertThrows(Exception.class, () -> lm.transform(unknown).collectAsList());
    assertEquals("inputCol 'text', row \"abxd\": character 'x' (U+0078) is not in the model's "
        + "vocabulary (handleInvalid=skip drops such rows; keep reads the character as U+FFFD in "
        + "a model fitted with keep)", DataException.find(e).getMessage());
    List<Row> kept = lm.setHandleInvalid("skip").transform(unknown).collectAsList();
    assertEquals(1, kept.size(), "skip drops the row, as Spark's handleInvalid does");
    assertEquals("abcdabcd", kept.get(0).getString(0));
    assertEquals("handleInvalid=keep: the model's vocabulary has no unknown character (U+FFFD) "
        + "to read unknown characters as; fit the model with handleInvalid=keep, or use error or "
        + "skip", assertThrows(IllegalArgumentException.class,
            () -> lm.setHandleInvalid("keep").transform(unknown)).getMessage());
    // keep: 'z', seen once, trains as the unknown character, so the model learns that index
    List<Row> withRare = new java.util.ArrayList<>(rows);
    withRare.add(RowFactory.create("abczabcdabcd"));
    RnnCharLMModel keeping = new RnnCharLM().setWindowSize(8).setHiddenSize(12).setEpochs(20)
        .setBatchSize(16).setStepSize(0.05).setNumPartitions(2).setHandleInvalid("keep")
        .fit(SPARK.session().createDataFrame(withRare, schema));
    assertEquals("abcd\uFFFD", keeping.vocabulary());
    List<Row> both = keeping.transform(unknown).collectAsList();
    assertEquals(2, both.size());
    assertTrue(both.get(0).getDouble(1) > both.get(1).getDouble(1),
        "'x' read as the unknown character costs more than the pattern: " + both);
  }

  @Test
  void vectorAndFloatSequencesTrainLikeDoubleArrays() {
    List<Row> rows = MlData.means(40, 9);
    List<Row> vectors = new java.util.ArrayList<>();
    List<Row> floats = new java.util.ArrayList<>();
    for (Row r : rows) {
      List<Vector> vs = new java.util.ArrayList<>();
      List<List<Float>> fs = new java.util.ArrayList<>();
      for (Object step : (List<?>) r.get(2)) {
        float x = (float) (double) ((List<?>) step).get(0);
        vs.add(org.apache.spark.ml.linalg.Vectors.dense(x));
        fs.add(List.of(x));
      }
      vectors.add(RowFactory.create(r.get(0), r.get(1), vs));
      floats.add(RowFactory.create(r.get(0), r.get(1), fs));
    }
    StructType vectorSchema = new StructType().add("id", DataTypes.LongType)
        .add("label", DataTypes.DoubleType)
        .add("features", DataTypes.createArrayType(new org.apache.spark.ml.linalg.VectorUDT()));
    StructType floatSchema = new StructType().add("id", DataTypes.LongType)
        .add("label", DataTypes.DoubleType).add("features",
            DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));
    RnnRegressor reg = new RnnRegressor().setHiddenSize(4).setEpochs(2).setBatchSize(8)
        .setNumPartitions(2);
    RnnRegressionModel a = reg.fit(SPARK.session().createDataFrame(vectors, vectorSchema));
    RnnRegressionModel b = reg.fit(SPARK.session().createDataFrame(floats, floatSchema));
    assertArrayEquals(a.weights(), b.weights(), 0.0); // same values, same model
    assertEquals(1, a.dataSpec().inputSize());
    Row first = a.transform(SPARK.session().createDataFrame(vectors, vectorSchema)).first();
    assertTrue(Double.isFinite(first.getDouble(3)));
  }

  @Test
  void bidirectionalClassifierSavesAndLoadsAndLanguageModelsRefuseIt() throws Exception {
    Dataset<Row> train = dense(80, 31);
    RnnClassificationModel model = new RnnClassifier().setCellType("gru").setHiddenSize(5)
        .setNumLayers(2).setBidirectional(true).setEpochs(2).setBatchSize(16)
        .setNumPartitions(2).fit(train);
    assertTrue(model.getBidirectional());
    assertTrue(model.weights().length > new RnnClassifier().setCellType("gru").setHiddenSize(5)
        .setNumLayers(2).setEpochs(1).setBatchSize(16).fit(train).weights().length,
        "the backward directions add parameters");
    String path = tmp.resolve("bidirectional").toUri().toString();
    model.write().save(path);
    RnnClassificationModel back = RnnClassificationModel.load(path);
    assertTrue(back.getBidirectional());
    Dataset<Row> test = dense(40, 32);
    assertEquals(model.transform(test).select("probability", "prediction").collectAsList(),
        back.transform(test).select("probability", "prediction").collectAsList());

    StructType schema = new StructType().add("text", DataTypes.StringType);
    Dataset<Row> text = SPARK.session().createDataFrame(
        List.of(RowFactory.create("abcdabcdabcd"), RowFactory.create("dcbadcbadcba")), schema);
    Exception e = assertThrows(IllegalArgumentException.class, () -> new RnnCharLM()
        .setWindowSize(4).setBidirectional(true).setEpochs(1).fit(text));
    assertTrue(e.getMessage().contains("model.bidirectional=true cannot train a language model"),
        e.getMessage());
  }

  @Test
  void saveAndLoadGiveIdenticalPredictions() throws Exception {
    Dataset<Row> train = dense(80, 31);
    RnnClassificationModel model = new RnnClassifier().setCellType("lstm").setHiddenSize(5)
        .setEpochs(2).setBatchSize(16).setNumPartitions(2).setProbabilityCol("p").fit(train);
    String path = tmp.resolve("classifier").toUri().toString();
    model.write().save(path);
    assertTrue(Files.exists(tmp.resolve("classifier/model/model.json")));
    assertTrue(Files.exists(tmp.resolve("classifier/model/tensors.safetensors")));
    RnnClassificationModel back = RnnClassificationModel.load(path);
    assertEquals(model.uid(), back.uid());
    assertEquals("p", back.getProbabilityCol());
    assertEquals("lstm", back.getCellType());
    assertArrayEquals(model.weights(), back.weights(), 0.0);
    assertTrue(model.hasSummary());
    assertTrue(!back.hasSummary());
    assertTrue(assertThrows(IllegalStateException.class, back::lossHistory).getMessage()
        .contains("no training summary"));
    Dataset<Row> test = dense(40, 32);
    assertEquals(model.transform(test).select("p", "prediction").collectAsList(),
        back.transform(test).select("p", "prediction").collectAsList());
    RnnClassificationModel serialized = (RnnClassificationModel) javaRoundTrip(model);
    assertArrayEquals(model.weights(), serialized.weights(), 0.0);
    assertEquals(model.transform(test).select("p").collectAsList(),
        serialized.transform(test).select("p").collectAsList());
    Exception exists = assertThrows(IOException.class, () -> model.write().save(path));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    model.write().overwrite().save(path);

    // a Pipeline holding the estimator and the fitted PipelineModel persist too
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new RnnRegressor().setHiddenSize(3).setEpochs(1).setNumPartitions(2)});
    pipeline.write().save(tmp.resolve("pipeline").toString());
    Pipeline pipelineBack = Pipeline.load(tmp.resolve("pipeline").toString());
    RnnRegressor r = (RnnRegressor) pipelineBack.getStages()[0];
    assertEquals(3, r.getHiddenSize());
    PipelineModel fitted = pipelineBack.fit(MlData.frame(SPARK.session(), MlData.means(30, 3), MlData.DENSE));
    fitted.write().save(tmp.resolve("pipeline-model").toString());
    PipelineModel fittedBack = PipelineModel.load(tmp.resolve("pipeline-model").toString());
    Dataset<Row> probe = MlData.frame(SPARK.session(), MlData.means(10, 4), MlData.DENSE);
    assertEquals(fitted.transform(probe).select("prediction").collectAsList(),
        fittedBack.transform(probe).select("prediction").collectAsList());
  }

  @Test
  void corruptedOrMissingModelDirectoriesAreClearErrors() throws IOException {
    RnnRegressionModel model = new RnnRegressor().setHiddenSize(3).setEpochs(1)
        .setNumPartitions(2).fit(MlData.frame(SPARK.session(), MlData.means(30, 3), MlData.DENSE));
    Path dir = tmp.resolve("reg");
    model.write().save(dir.toString());
    Path tensors = dir.resolve("model/tensors.safetensors");
    byte[] bytes = Files.readAllBytes(tensors);
    bytes[bytes.length - 3] ^= 0x40; // one flipped bit in the data
    Files.write(tensors, bytes);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RnnRegressionModel.load(dir.toString()));
    System.out.println("ml: corrupted: " + e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("model").toString()), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains("sha-256")
        || e.getMessage().toLowerCase().contains("checksum"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());

    Files.delete(dir.resolve("model/model.json"));
    e = assertThrows(IllegalArgumentException.class, () -> RnnRegressionModel.load(dir.toString()));
    assertTrue(e.getMessage().contains("model.json is missing"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> RnnClassificationModel.load(dir.toString()));
    assertTrue(e.getMessage().startsWith(dir + ": not a saved RnnClassificationModel"),
        e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> RnnRegressionModel.load(tmp.resolve("nothing-here").toString()));
    assertTrue(e.getMessage().contains("not a saved RnnRegressionModel"), e.getMessage());
  }

  static Object javaRoundTrip(Object o) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  @Test
  void invalidParamsAreClearErrors() throws Exception {
    RnnClassifier c = new RnnClassifier();
    assertEquals("param hiddenSize: model.hidden must be ≥ 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> c.setHiddenSize(0)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setCellType("lstn"))
        .getMessage()
        .contains("'lstn' is not one of elman, jordan, lstm, gru; did you mean 'lstm'?"));
    assertEquals("param handleInvalid: 'drop' is not one of error, skip, keep",
        assertThrows(IllegalArgumentException.class, () -> c.setHandleInvalid("drop"))
            .getMessage());
    assertEquals("param settings: train.lr is set by param stepSize; use that instead",
        assertThrows(IllegalArgumentException.class, () -> c.setSettings("train.lr=0.1"))
            .getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> c.setSettings("init.recurent=orthogonal")).getMessage()
        .contains("did you mean 'init.recurrent'"));
    assertEquals("param settings: model.input comes from the data (the input column and the "
        + "labels); it cannot be set", assertThrows(IllegalArgumentException.class,
            () -> c.setSettings("model.input=3")).getMessage());
    assertTrue(c.explainParams().contains(
        "hiddenSize: hidden units per layer (model.hidden) (default: 32)"), c.explainParams());
    assertEquals(27, c.params().length); // 20 training, weightCol; Spark's 3 predictor, 2 classifier columns, thresholds
    c.setSettings("init.recurrent=orthogonal", "train.optimizer.beta1=0.8"); // accepted
    assertEquals(2, c.getSettings().length);

    // stages travel in Java-serialized closures and task results: validators included
    RnnClassifier back = (RnnClassifier) javaRoundTrip(c.setHiddenSize(17));
    assertEquals(17, back.getHiddenSize());
    assertEquals(c.uid(), back.uid());
    assertThrows(IllegalArgumentException.class, () -> back.setHiddenSize(-1));
  }

  @Test
  void badColumnsAndRowsAreClearErrors() {
    Dataset<Row> d = dense(20, 1);
    assertEquals("featuresCol = 'nope': the input has no such column (columns: id, label, "
        + "features)", assertThrows(IllegalArgumentException.class,
            () -> new RnnClassifier().setFeaturesCol("nope").fit(d)).getMessage());
    assertEquals("featuresCol = 'label' is of type double; expected array<array<double>> (a "
        + "sequence of feature vectors), array<vector>, or string (a sequence of characters)",
        assertThrows(IllegalArgumentException.class,
            () -> new RnnClassifier().setFeaturesCol("label").fit(d)).getMessage());
    Dataset<Row> text = MlData.frame(SPARK.session(), MlData.texts(10, 1), MlData.TEXT);
    assertEquals("labelCol = 'category' is of type string; expected a number (index string "
        + "labels with StringIndexer)", assertThrows(IllegalArgumentException.class,
            () -> new RnnClassifier().setFeaturesCol("text").setLabelCol("category").fit(text))
            .getMessage());
    assertEquals("predictionCol = 'label': the input already has a column of that name",
        assertThrows(IllegalArgumentException.class,
            () -> new RnnClassifier().setPredictionCol("label").fit(d)).getMessage());

    List<Row> rows = new java.util.ArrayList<>(MlData.classes(6, 1));
    rows.set(4, RowFactory.create(4L, 1.5, List.of(List.of(1.0, 2.0))));
    assertEquals("featuresCol 'features', row 4: label 1.5 is not a class index 0, 1, 2, ... "
        + "(index other labels with StringIndexer)", assertThrows(DataException.class,
            () -> new RnnClassifier().fit(MlData.frame(SPARK.session(), rows, MlData.DENSE))).getMessage());
    rows.set(4, RowFactory.create(4L, 1.0, List.of(List.of(1.0, 2.0), List.of(3.0))));
    assertEquals("featuresCol 'features', row 4: ragged sequence: step 2 has 1 values, step 1 "
        + "has 2", assertThrows(DataException.class,
            () -> new RnnClassifier().fit(MlData.frame(SPARK.session(), rows, MlData.DENSE))).getMessage());
    rows.set(4, RowFactory.create(4L, 1.0, List.of(List.of(1.0, Double.NaN))));
    assertEquals("featuresCol 'features', row 4: value 2 of step 1 is NaN; values must be finite",
        assertThrows(DataException.class,
            () -> new RnnClassifier().fit(MlData.frame(SPARK.session(), rows, MlData.DENSE))).getMessage());
    List<Row> oneClass = List.of(RowFactory.create(0L, 0.0, List.of(List.of(1.0))),
        RowFactory.create(1L, 0.0, List.of(List.of(2.0))));
    assertEquals("labelCol 'label': every label is 0; a classifier needs at least 2 classes",
        assertThrows(DataException.class,
            () -> new RnnClassifier().fit(MlData.frame(SPARK.session(), oneClass, MlData.DENSE)))
            .getMessage());
    assertEquals("featuresCol 'features', row 1: 4 steps, longer than maxLength=3",
        assertThrows(DataException.class, () -> new RnnClassifier().setMaxLength(3)
            .fit(MlData.frame(SPARK.session(), List.of(
                RowFactory.create(0L, 0.0, List.of(List.of(1.0))),
                RowFactory.create(1L, 1.0, List.of(List.of(1.0), List.of(1.0), List.of(1.0),
                    List.of(1.0)))), MlData.DENSE))).getMessage());
    IllegalArgumentException cross = assertThrows(IllegalArgumentException.class,
        () -> new RnnClassifier().setCellType("jordan").setNumLayers(2).fit(d));
    assertTrue(cross.getMessage().contains("model.layers must be 1 for a Jordan net, got 2"),
        cross.getMessage());
    assertTrue(cross.getMessage().contains("param numLayers"), cross.getMessage());

    RnnClassificationModel m = new RnnClassifier().setHiddenSize(3).setEpochs(1)
        .setNumPartitions(2).fit(d);
    List<Row> wide = List.of(RowFactory.create(0L, 0.0, List.of(List.of(1.0, 2.0, 3.0))));
    Exception e = assertThrows(Exception.class,
        () -> m.transform(MlData.frame(SPARK.session(), wide, MlData.DENSE)).collectAsList());
    assertEquals("featuresCol 'features', row [[1.0, 2.0, 3.0]]: 3 features per step, the "
        + "model reads 2", DataException.find(e).getMessage());
    // skip drops the row; an id column names it
    Dataset<Row> mixed = MlData.frame(SPARK.session(), List.of(wide.get(0),
        RowFactory.create(7L, 1.0, List.of(List.of(1.0, 2.0)))), MlData.DENSE);
    assertEquals(List.of(7L), m.setHandleInvalid("skip").transform(mixed).select("id")
        .as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
    Exception named = assertThrows(Exception.class, () -> m.setHandleInvalid("error")
        .setIdCol("id").transform(mixed).collectAsList());
    assertEquals("featuresCol 'features', row id=0 [[1.0, 2.0, 3.0]]: 3 features per step, the "
        + "model reads 2", DataException.find(named).getMessage());
    assertEquals("param idCol: no column 'key' in the input (columns: id, label, features)",
        assertThrows(IllegalArgumentException.class, () -> m.setIdCol("key").transform(mixed))
            .getMessage());
    m.setIdCol("");
    assertEquals("featuresCol = 'text' is of type string; the model was trained on sequences of "
        + "feature vectors (array<array<double>> or array<vector>)",
        assertThrows(IllegalArgumentException.class,
            () -> m.setFeaturesCol("text").transform(text)).getMessage());
  }
}
