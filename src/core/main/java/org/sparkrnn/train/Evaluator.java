package org.sparkrnn.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.RecurrentState;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.model.StepResult;

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
    for (int start = 0; start < examples.size(); start += batchSize) {
      List<Example> part = examples.subList(start, Math.min(start + batchSize, examples.size()));
      SequenceBatch batch = Batches.assemble(part, net.config());
      sum.loss += net.forward(batch, params, null).lossSum();
      score(net, batch, sum);
    }
    return sum;
  }

  /**
   * As {@link #evaluate(Network, Params, List, int, Sum)}, but every batch's sequences are read
   * {@code window} steps at a time, each window starting from the state its sequence ended the
   * window before in: the same loss as one forward pass over the whole sequences (the recurrence
   * is the same) in the memory of one window, and the state-carrying evaluation that language
   * models' published numbers use. {@code window} 0: whole sequences.
   */
  public static Sum evaluate(Network net, Params params, List<Example> examples, int batchSize,
      Sum sum, int window) {
    if (window <= 0) {
      return evaluate(net, params, examples, batchSize, sum);
    }
    for (int start = 0; start < examples.size(); start += batchSize) {
      List<Example> part = examples.subList(start, Math.min(start + batchSize, examples.size()));
      int longest = 0;
      for (Example e : part) {
        longest = Math.max(longest, e.length());
      }
      Map<Long, double[]> carried = new HashMap<>();
      for (int from = 0; from < longest; from += window) {
        List<Example> active = new ArrayList<>(part.size());
        List<double[]> rows = new ArrayList<>(part.size());
        for (Example e : part) {
          if (e.length() > from) {
            active.add(e);
            rows.add(carried.get(e.id()));
          }
        }
        SequenceBatch batch = Batches.window(active, net.config(), from, from + window);
        RecurrentState init = from == 0 ? null : RecurrentState.fromRows(net.config(), rows);
        StepResult r = net.forward(batch, params, init);
        sum.loss += r.lossSum();
        score(net, batch, sum);
        for (int b = 0; b < active.size(); b++) {
          carried.put(active.get(b).id(), r.finalState().row(b));
        }
      }
    }
    return sum;
  }

  /** Adds the hits (or errors) of the last forward over {@code batch} into {@code sum}. */
  private static void score(Network net, SequenceBatch batch, Sum sum) {
    boolean classes = net.config().loss().classTargets;
    int o = net.config().outputSize();
    boolean perStep = net.config().mode() == OutputMode.MANY_TO_MANY;
    double[] out = net.outputs();
    int rows = perStep ? batch.steps * batch.batch : batch.batch;
    for (int r = 0; r < rows; r++) {
      if (!batch.scores(r)) {
        continue;
      }
      sum.items++;
      if (classes) {
        int best = argmax(out, r * o, o);
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

  /** Index of the largest of {@code n} values from {@code off} (the first on ties). */
  public static int argmax(double[] v, int off, int n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (v[off + k] > v[off + best]) {
        best = k;
      }
    }
    return best;
  }
}
