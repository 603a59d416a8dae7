package org.sparkrnn.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparkrnn.diag.DiagnosticSums;
import org.sparkrnn.diag.Saturation;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.RecurrentState;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.model.StepResult;

/**
 * The worker's half of a step, the same code in LocalTrainer and in every Spark task: forward and
 * backward of one window over the given members (in batch order), returning the summed gradient,
 * loss and counts, and each member's final state when a later window needs it.
 */
public final class WindowGradient {
  private WindowGradient() {}

  /**
   * @param carried state rows by example id from the previous window (absent ids start at zero)
   * @param keepStates whether to return the members' final states (more windows follow)
   */
  public static GradientSum compute(Network net, Params params, List<Example> members,
      StepPlan.Step step, Map<Long, double[]> carried, boolean keepStates) {
    return compute(net, params, members, step, carried, keepStates, false);
  }

  /**
   * As above; with {@code diagnose} the gradient-flow profile and the saturation counts of this
   * window are measured too ({@link GradientSum#diagnostics}).
   */
  public static GradientSum compute(Network net, Params params, List<Example> members,
      StepPlan.Step step, Map<Long, double[]> carried, boolean keepStates, boolean diagnose) {
    return compute(net, params, members, step, carried, keepStates, diagnose, null);
  }

  /**
   * The same, summing into {@code into} (zeroed first) when it is an array of the parameters'
   * size that nothing else reads any more: a caller that runs step after step spares the heap a
   * new parameter-sized array per step.
   */
  public static GradientSum compute(Network net, Params params, List<Example> members,
      StepPlan.Step step, Map<Long, double[]> carried, boolean keepStates, boolean diagnose,
      double[] into) {
    GradientSum sum = new GradientSum();
    if (members.isEmpty()) {
      return sum;
    }
    long start = System.nanoTime();
    SequenceBatch batch = Batches.window(members, net.config(), step.from(), step.to());
    batch = batch.withExamples(batch.exampleIds, step.maskSeed());
    RecurrentState init = null;
    if (carried != null && !carried.isEmpty()) {
      List<double[]> rows = new ArrayList<>(members.size());
      for (Example e : members) {
        rows.add(carried.get(e.id()));
      }
      init = RecurrentState.fromRows(net.config(), rows);
    }
    Params grad;
    if (into != null && into.length == params.data().length) {
      java.util.Arrays.fill(into, 0);
      grad = new Params(params.layout(), into);
    } else {
      grad = params.zerosLike();
    }
    StepResult r;
    if (diagnose) {
      net.recordGradientFlow(true);
      try {
        r = net.forwardBackward(batch, params, grad, init, null);
        sum.diagnostics = new DiagnosticSums();
        sum.diagnostics.flowSquares = copy(net.gradientFlowSquares());
        Saturation.measure(net, batch, sum.diagnostics);
      } finally {
        net.recordGradientFlow(false);
      }
    } else {
      r = net.forwardBackward(batch, params, grad, init, null);
    }
    sum.grad = grad.data();
    if (net.rowSparseSlot() != null) {
      sum.markRowSparse(net.rowSparseSlot());
    }
    sum.normStats = net.normStatistics();
    sum.loss = r.lossSum();
    sum.items = r.items();
    sum.weight = r.weight();
    sum.examples = members.size();
    for (int b = 0; b < batch.batch; b++) {
      sum.steps += batch.length(b);
    }
    if (keepStates) {
      sum.states = new HashMap<>();
      for (int b = 0; b < members.size(); b++) {
        sum.states.put(members.get(b).id(), r.finalState().row(b));
      }
    }
    sum.maxComputeNanos = System.nanoTime() - start;
    return sum;
  }

  private static double[][] copy(double[][] a) {
    if (a == null) {
      return null;
    }
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] == null ? null : a[i].clone();
    }
    return c;
  }
}
