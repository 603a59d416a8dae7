package org.sparkrnn.ml;

import java.io.Serializable;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Param objects of one estimator or model, by group; a group the owner does not expose stays
 * null. Params are created first and their defaults set only by {@link #setDefaults()}, once the
 * owner is fully built: Spark finds an owner's params by reflection over its public methods, and
 * the first setDefault runs that search.
 *
 * <p>Training params map one to one onto configuration keys (see {@link RnnSettings}); their
 * defaults are the configuration's, except {@code epochs} (10 instead of 1).
 */
public final class RnnParams implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a stage exposes. */
  enum Group { TRAINING, SEQUENCE_COLUMNS, CLASSIFIER_COLUMNS, TEXT, WEIGHTS }

  private final Params owner;

  // TRAINING (estimators and their models)
  final Param<String> cellType;
  final IntParam hiddenSize;
  final IntParam numLayers;
  final BooleanParam bidirectional;
  final Param<String> activation;
  final IntParam batchSize;
  final IntParam epochs;
  final IntParam maxIter;
  final DoubleParam stepSize;
  final Param<String> optimizer;
  final DoubleParam clipNorm;
  final DoubleParam l1;
  final DoubleParam l2;
  final LongParam seed;
  final IntParam bpttWindow;
  final IntParam maxLength;
  final IntParam numPartitions;
  final StringArrayParam settings;
  final Param<String> handleInvalid;
  final Param<String> idCol;

  // SEQUENCE_COLUMNS (classifier, regressor)
  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> predictionCol;

  // CLASSIFIER_COLUMNS
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;

  // WEIGHTS (classifier, regressor)
  final Param<String> weightCol;

  // TEXT (character language model)
  final Param<String> inputCol;
  final IntParam windowSize;
  final IntParam stride;
  final Param<String> logLossCol;
  final Param<String> perplexityCol;

  RnnParams(Params owner, Group... groups) {
    this.owner = owner;
    java.util.EnumSet<Group> g = java.util.EnumSet.noneOf(Group.class);
    g.addAll(java.util.List.of(groups));
    boolean t = g.contains(Group.TRAINING);
    cellType = !t ? null : new Param<>(owner, "cellType",
        "recurrent cell: elman, lstm, gru or jordan (model.cell)",
        Check.configKey("cellType", "model.cell"));
    hiddenSize = !t ? null : new IntParam(owner, "hiddenSize",
        "hidden units per layer (model.hidden)",
        Check.configKey("hiddenSize", "model.hidden"));
    numLayers = !t ? null : new IntParam(owner, "numLayers",
        "stacked recurrent layers; Jordan nets have 1 (model.layers)",
        Check.configKey("numLayers", "model.layers"));
    bidirectional = !t ? null : new BooleanParam(owner, "bidirectional",
        "every layer also reads each sequence backward, from its last step; not for language "
        + "models or Jordan nets (model.bidirectional)");
    activation = !t ? null : new Param<>(owner, "activation",
        "nonlinearity of the Elman/Jordan recurrence: tanh, relu, sigmoid, leaky_relu, elu, "
        + "identity (model.activation)", Check.configKey("activation", "model.activation"));
    batchSize = !t ? null : new IntParam(owner, "batchSize",
        "global minibatch size in sequences; also the scoring batch (train.batch)",
        Check.configKey("batchSize", "train.batch"));
    epochs = !t ? null : new IntParam(owner, "epochs",
        "passes over the data; 0: maxIter alone decides (train.epochs)",
        Check.configKey("epochs", "train.epochs"));
    maxIter = !t ? null : new IntParam(owner, "maxIter",
        "cap on optimizer steps; 0: no cap (train.steps)", Check.atLeast("maxIter", 0));
    stepSize = !t ? null : new DoubleParam(owner, "stepSize", "learning rate (train.lr)",
        Check.configKey("stepSize", "train.lr"));
    optimizer = !t ? null : new Param<>(owner, "optimizer",
        "sgd, momentum, nesterov, adagrad, rmsprop or adam (train.optimizer)",
        Check.configKey("optimizer", "train.optimizer"));
    clipNorm = !t ? null : new DoubleParam(owner, "clipNorm",
        "global gradient-norm clipping threshold; 0: no clipping (train.clip, "
        + "train.clip_threshold)", Check.nonNegative("clipNorm"));
    l1 = !t ? null : new DoubleParam(owner, "l1", "L1 penalty on weights (train.l1)",
        Check.configKey("l1", "train.l1"));
    l2 = !t ? null : new DoubleParam(owner, "l2", "L2 penalty on weights (train.l2)",
        Check.configKey("l2", "train.l2"));
    seed = !t ? null : new LongParam(owner, "seed",
        "seed of every random choice: initialisation and batch order (train.seed)");
    bpttWindow = !t ? null : new IntParam(owner, "bpttWindow",
        "truncated BPTT: steps per window of long sequences, state carried; 0: whole "
        + "sequences (train.bptt.window)", Check.configKey("bpttWindow", "train.bptt.window"));
    maxLength = !t ? null : new IntParam(owner, "maxLength",
        "longest sequence (characters or steps) accepted; a longer row is an error naming it; "
        + "0: no limit", Check.atLeast("maxLength", 0));
    numPartitions = !t ? null : new IntParam(owner, "numPartitions",
        "partitions the training examples are split into; 0: Spark's default parallelism "
        + "(spark.partitions)", Check.atLeast("numPartitions", 0));
    settings = !t ? null : new StringArrayParam(owner, "settings",
        "further configuration keys as \"key=value\" (model.*, train.*, init.*, spark.fan_in, "
        + "spark.sync) not covered by a param; 'spark-rnn config --list' lists them",
        Check.of("settings", RnnSettings::problem));
    handleInvalid = !t ? null : new Param<>(owner, "handleInvalid",
        "rows the model cannot score when transforming (a character outside the vocabulary, a "
        + "null, ragged or non-finite sequence): error (fail naming the row), skip (drop the "
        + "row) or keep (characters outside the vocabulary read as U+FFFD, which fit with keep "
        + "adds to the vocabulary and trains on the characters seen once; other problems fail)",
        Check.oneOf("handleInvalid", "error", "skip", "keep"));
    idCol = !t ? null : new Param<>(owner, "idCol",
        "a column that names each row in transform's error messages (its value is shown); "
        + "empty: none",
        Check.column("idCol", true));

    boolean s = g.contains(Group.SEQUENCE_COLUMNS);
    featuresCol = !s ? null : new Param<>(owner, "featuresCol",
        "input column: array<array<double>> (a sequence of feature vectors), array<vector>, or "
        + "string (a sequence of characters)", Check.column("featuresCol", false));
    labelCol = !s ? null : new Param<>(owner, "labelCol", "label column (numeric)",
        Check.column("labelCol", false));
    predictionCol = !s ? null : new Param<>(owner, "predictionCol",
        "prediction column (double); empty: none", Check.column("predictionCol", true));

    boolean c = g.contains(Group.CLASSIFIER_COLUMNS);
    probabilityCol = !c ? null : new Param<>(owner, "probabilityCol",
        "class probabilities column (vector, softmax); empty: none",
        Check.column("probabilityCol", true));
    rawPredictionCol = !c ? null : new Param<>(owner, "rawPredictionCol",
        "raw prediction column (vector of logits); empty: none",
        Check.column("rawPredictionCol", true));

    weightCol = !g.contains(Group.WEIGHTS) ? null : new Param<>(owner, "weightCol",
        "a numeric column: a row of weight w counts w times in the loss and its gradient; "
        + "empty: every row counts once", Check.column("weightCol", true));

    boolean x = g.contains(Group.TEXT);
    inputCol = !x ? null : new Param<>(owner, "inputCol", "text column (string)",
        Check.column("inputCol", false));
    windowSize = !x ? null : new IntParam(owner, "windowSize",
        "characters per training window; windows never cross rows (data.window)",
        Check.configKey("windowSize", "data.window"));
    stride = !x ? null : new IntParam(owner, "stride",
        "a window starts every stride characters; 0: stride = windowSize (data.stride)",
        Check.configKey("stride", "data.stride"));
    logLossCol = !x ? null : new Param<>(owner, "logLossCol",
        "mean negative log-likelihood per predicted character of the row, in nats; empty: none",
        Check.column("logLossCol", true));
    perplexityCol = !x ? null : new Param<>(owner, "perplexityCol",
        "exp(logLoss) of the row; empty: none", Check.column("perplexityCol", true));
  }

  /** Sets the defaults of the groups this owner exposes; call once the owner is built. */
  void setDefaults() {
    if (cellType != null) {
      def(cellType, "elman");
      def(hiddenSize, 32);
      def(numLayers, 1);
      def(bidirectional, false);
      def(activation, "tanh");
      def(batchSize, 32);
      def(epochs, 10);
      def(maxIter, 0);
      def(stepSize, 2e-3);
      def(optimizer, "adam");
      def(clipNorm, 5.0);
      def(l1, 0.0);
      def(l2, 0.0);
      def(seed, 42L);
      def(bpttWindow, 0);
      def(maxLength, 0);
      def(numPartitions, 0);
      def(settings, new String[0]);
      def(handleInvalid, "error");
      def(idCol, "");
    }
    if (featuresCol != null) {
      def(featuresCol, "features");
      def(labelCol, "label");
      def(predictionCol, "prediction");
    }
    if (probabilityCol != null) {
      def(probabilityCol, "probability");
      def(rawPredictionCol, "rawPrediction");
    }
    if (weightCol != null) {
      def(weightCol, "");
    }
    if (inputCol != null) {
      def(inputCol, "text");
      def(windowSize, 64);
      def(stride, 0);
      def(logLossCol, "logLoss");
      def(perplexityCol, "perplexity");
    }
  }

  private <T> void def(Param<T> p, T value) {
    owner.setDefault(p, value);
  }
}
