package org.sparkrnn.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.sparkrnn.data.CharVocabulary;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;

/**
 * The language model's transform of one batch: each row's text, read from its first character
 * with the state starting at zero, predicts every next character; the row's log loss is the
 * mean of −ln p(next character) over its n−1 predictions (nats), its perplexity exp of that.
 * A row with fewer than 2 characters gets nulls; a row it cannot read is handled as
 * {@link InvalidRows} says.
 */
final class TextScorer extends PartitionScorer {
  private static final long serialVersionUID = 1L;
  private static final int DROPPED = -2;
  private final int column;
  private final String columnName;
  private final CharVocabulary vocab;
  private final boolean logLoss;
  private final boolean perplexity;

  TextScorer(ModelConfig config, int batch, InvalidRows invalid, int column, String columnName,
      CharVocabulary vocab, boolean logLoss, boolean perplexity) {
    super(config, batch, invalid);
    this.column = column;
    this.columnName = columnName;
    this.vocab = vocab;
    this.logLoss = logLoss;
    this.perplexity = perplexity;
  }

  @Override
  List<Row> scoreBatch(Network net, Params params, List<Row> rows, long first, int partition) {
    List<Example> examples = new ArrayList<>();
    int[] slot = new int[rows.size()];
    String where = "inputCol '" + columnName + "'";
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      int[] ids = invalid.parse(row, column, where, () -> Tokens.ids(vocab,
          RowValues.codePoints(row.get(column), where), where, invalid.unknownId()));
      if (ids == null) {
        slot[i] = DROPPED;
        continue;
      }
      slot[i] = ids.length < 2 ? -1 : examples.size();
      if (ids.length >= 2) {
        examples.add(Example.ofTokens(i, Arrays.copyOf(ids, ids.length - 1),
            Arrays.copyOfRange(ids, 1, ids.length)));
      }
    }
    double[] sums = new double[examples.size()];
    if (!examples.isEmpty()) {
      SequenceBatch b = Batches.assemble(examples, config);
      net.forward(b, params, null);
      double[] losses = net.itemLosses();
      for (int t = 0; t < b.steps; t++) {
        for (int s = 0; s < b.batch; s++) {
          if (b.valid(t, s)) {
            sums[s] += losses[t * b.batch + s];
          }
        }
      }
    }
    List<Row> scored = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      if (slot[i] == DROPPED) {
        continue;
      }
      Double mean = slot[i] < 0 ? null
          : sums[slot[i]] / examples.get(slot[i]).length();
      List<Object> extra = new ArrayList<>(2);
      if (logLoss) {
        extra.add(mean);
      }
      if (perplexity) {
        extra.add(mean == null ? null : Math.exp(mean));
      }
      scored.add(append(rows.get(i), extra.toArray()));
    }
    return scored;
  }
}
