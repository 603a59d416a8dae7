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
 * Forward-only evaluation of whole sequences in batches: summed loss and item count; for
 * classifiers the arg-max hits (and, when asked, a confusion matrix); for real targets the squared
 * and absolute errors over every output unit. Sums add across partitions.
 */
public final class Evaluator {
  private Evaluator() {}

  /** What an evaluation sums; add() merges partitions. */
  public static final class Sum implements Serializable {
    private static final long serialVersionUID = 1L;
    public double loss;
    public long items;
    public long correct;
    public double squared;
    public double absolute;
    /** Output units the squared and absolute errors are summed over. */
    public long units;
    /** true class × predicted class, row-major; null unless asked for. */
    public long[] confusion;

    public Sum() {}

    /** A sum that also counts a confusion matrix of {@code classes} classes. */
    public static Sum withConfusion(int classes) {
      Sum s = new Sum();
      s.confusion = new long[classes * classes];
      return s;
    }

    public Sum add(Sum o) {
      loss += o.loss;
      items += o.items;
      correct += o.correct;
      squared += o.squared;
      absolute += o.absolute;
      units += o.units;
      if (confusion != null && o.confusion != null) {
        for (int i = 0; i < confusion.length; i++) {
          confusion[i] += o.confusion[i];
        }
      }
      return this;
    }
  }

  public static Sum evaluate(Network net, Params params, List<Example> examples, int batchSize) {
    return evaluate(net, params, examples, batchSize, new Sum());
  }

  /** Adds the evaluation of {@code examples} into {@code sum} and returns it. */
  public static Sum evaluate(Network net, Params params, List<Example> examples, int batchSize,
      Sum sum) {
    boolean classes = net.config().loss().classTargets;
    int o = net.config().outputSize();
    boolean perStep = net.config().mode() == OutputMode.MANY_TO_MANY;
    for (int start = 0; start < examples.size(); start += batchSize) {
      List<Example> part = examples.subList(start, Math.min(start + batchSize, examples.size()));
      SequenceBatch batch = Batches.assemble(part, net.config());
      sum.loss += net.forward(batch, params, null).lossSum();
      double[] out = net.outputs();
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
          int truth = batch.classTargets[r];
          sum.correct += best == truth ? 1 : 0;
          if (sum.confusion != null) {
            sum.confusion[truth * o + best]++;
          }
        } else {
          for (int k = 0; k < o; k++) {
            double d = out[r * o + k] - batch.realTargets[r * o + k];
            sum.squared += d * d;
            sum.absolute += Math.abs(d);
          }
          sum.units += o;
        }
      }
    }
    return sum;
  }
}
