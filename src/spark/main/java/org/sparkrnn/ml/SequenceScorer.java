package org.sparkrnn.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.data.DataException;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.spark.Inference;
import org.sparkrnn.train.Evaluator;

/**
 * The classifier's and regressor's transform of one batch: the input column as a sequence, one
 * forward pass, then per row (in this order, each only when its column is on) the raw prediction
 * (logits), the probabilities (softmax) and the prediction (arg-max class index, or the
 * regression output).
 */
final class SequenceScorer extends PartitionScorer {
  private static final long serialVersionUID = 1L;
  private final int column;
  private final String columnName;
  private final CharVocabulary vocab; // null: dense input
  private final boolean classes;
  private final boolean raw;
  private final boolean probability;
  private final boolean prediction;
  /** Spark's classifier thresholds: the prediction is the arg-max of p/t (null: of p). */
  private final double[] thresholds;

  SequenceScorer(ModelConfig config, int batch, InvalidRows invalid, int column,
      String columnName, CharVocabulary vocab, boolean raw, boolean probability,
      boolean prediction, double[] thresholds) {
    super(config, batch, invalid);
    this.column = column;
    this.columnName = columnName;
    this.vocab = vocab;
    this.classes = config.loss().classTargets;
    this.raw = raw;
    this.probability = probability;
    this.prediction = prediction;
    this.thresholds = thresholds;
  }

  /** One sequence's new columns (a single-row predict): the row the scorer appends them to. */
  Row one(Object features, double[] weights) {
    Iterator<Row> out = Inference.rows(List.of(RowFactory.create(features)).iterator(), config,
        weights, 1, 0, this::scoreBatch);
    if (!out.hasNext()) {
      throw new DataException("featuresCol '" + columnName + "': handleInvalid=skip cannot drop "
          + "the one sequence given to predict");
    }
    return out.next();
  }

  @Override
  List<Row> scoreBatch(Network net, Params params, List<Row> rows, long first, int partition) {
    int o = config.outputSize();
    List<Example> examples = new ArrayList<>(rows.size());
    List<Row> kept = new ArrayList<>(rows.size());
    String where = "featuresCol '" + columnName + "'";
    for (Row row : rows) {
      Example e = invalid.parse(row, column, where,
          () -> example(row.get(column), where, examples.size(), o));
      if (e != null) {
        examples.add(e);
        kept.add(row);
      }
    }
    if (examples.isEmpty()) {
      return List.of();
    }
    SequenceBatch b = Batches.assemble(examples, config);
    net.forward(b, params, null);
    double[] out = net.outputs();
    double[] logits = net.logits();
    List<Row> scored = new ArrayList<>(kept.size());
    for (int i = 0; i < kept.size(); i++) {
      List<Object> extra = new ArrayList<>(3);
      if (classes) {
        if (raw) {
          extra.add(Vectors.dense(Arrays.copyOfRange(logits, i * o, (i + 1) * o)));
        }
        if (probability) {
          extra.add(Vectors.dense(Arrays.copyOfRange(out, i * o, (i + 1) * o)));
        }
        if (prediction) {
          extra.add((double) (thresholds == null ? Evaluator.argmax(out, i * o, o)
              : thresholdArgmax(out, i * o, o)));
        }
      } else if (prediction) {
        extra.add(out[i * o]);
      }
      scored.add(append(kept.get(i), extra.toArray()));
    }
    return scored;
  }

  private Example example(Object value, String where, int index, int outputs) {
    int[] labels = classes ? new int[1] : null; // targets are not known here: placeholders
    double[] targets = classes ? null : new double[outputs];
    if (vocab == null) {
      int[] width = new int[1];
      double[] f = RowValues.dense(value, where, width);
      if (width[0] != config.inputSize()) {
        throw new DataException(where + ": " + width[0] + " features per step, the model reads "
            + config.inputSize());
      }
      return Example.ofFeatures(index, f.length / width[0], f, labels, targets);
    }
    int[] tokens = Tokens.ids(vocab, RowValues.codePoints(value, where), where,
        invalid.unknownId());
    if (tokens.length == 0) {
      throw new DataException(where + ": no characters to score");
    }
    return new Example(index, tokens.length, tokens, null, labels, targets);
  }

  /**
   * Spark's probability2prediction with thresholds: arg-max of p/t (t = 0 gives +∞, or NaN for
   * p = 0, which never wins, as in Spark).
   */
  private int thresholdArgmax(double[] p, int off, int n) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      double score = p[off + k] / thresholds[k];
      if (score > bestScore) {
        best = k;
        bestScore = score;
      }
    }
    return best;
  }
}
