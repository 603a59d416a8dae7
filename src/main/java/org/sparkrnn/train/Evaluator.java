package org.sparkrnn.train;

import java.io.Serializable;
import java.util.List;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;

/**
 * Forward-only evaluation of whole sequences in batches: summed loss, item count and, for
 * classifiers, how many items the arg-max output got right. Sums add across partitions.
 */
public final class Evaluator {
  private Evaluator() {}

  /** Loss sum, items, correct arg-max predictions (classifiers) and loss units per item. */
  public static final class Sum implements Serializable {
    private static final long serialVersionUID = 1L;
    public double loss;
    public long items;
    public long correct;

    public Sum add(Sum o) {
      loss += o.loss;
      items += o.items;
      correct += o.correct;
      return this;
    }
  }

  public static Sum evaluate(Network net, Params params, List<Example> examples, int batchSize) {
    Sum sum = new Sum();
    boolean classes = net.config().loss().classTargets;
    int o = net.config().outputSize();
    for (int start = 0; start < examples.size(); start += batchSize) {
      List<Example> part = examples.subList(start, Math.min(start + batchSize, examples.size()));
      SequenceBatch batch = Batches.assemble(part, net.config());
      sum.loss += net.forward(batch, params, null).lossSum();
      double[] out = net.outputs();
      boolean perStep = net.config().mode() == OutputMode.MANY_TO_MANY;
      int rows = perStep ? batch.steps * batch.batch : batch.batch;
      for (int r = 0; r < rows; r++) {
        if (!batch.scores(r)) {
          continue;
        }
        sum.items++;
        if (classes) {
          int best = 0;
          for (int k = 1; k < o; k++) {
            if (out[r * o + k] > out[r * o + best]) {
              best = k;
            }
          }
          sum.correct += best == batch.classTargets[r] ? 1 : 0;
        }
      }
    }
    return sum;
  }
}
