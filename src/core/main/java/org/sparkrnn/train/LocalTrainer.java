package org.sparkrnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sparkrnn.diag.Diagnostics;
import org.sparkrnn.diag.Spectral;
import org.sparkrnn.diag.StepDiagnostics;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;

/**
 * Trains on in-memory examples in one thread: the {@link StepPlan} order, {@link WindowGradient}
 * for the gradient, {@link Updater} for the update — the very pieces the Spark trainer runs, so
 * the two give the same model up to floating-point summation order.
 */
public final class LocalTrainer {
  private final ModelConfig model;
  private final TrainConfig train;
  private final Network net;
  private Consumer<StepDiagnostics> diagnosticsListener;

  public LocalTrainer(ModelConfig model, TrainConfig train) {
    this(model, train, train.precision().newNetwork(model));
  }

  /** With the double network on a chosen product backend (tests compare backends). */
  public LocalTrainer(ModelConfig model, TrainConfig train, Gemm gemm) {
    this(model, train, Network.create(model, gemm));
  }

  private LocalTrainer(ModelConfig model, TrainConfig train, Network net) {
    this.model = model;
    this.train = train;
    this.net = net;
  }

  public Network network() {
    return net;
  }

  /**
   * Receives every step's {@link StepDiagnostics} (measured every train.diagnostics.every steps;
   * warnings on any step); null: none.
   */
  public LocalTrainer onDiagnostics(Consumer<StepDiagnostics> listener) {
    this.diagnosticsListener = listener;
    return this;
  }

  /** Trains {@code params} in place; ids of {@code data} must be 0..n−1. Returns the steps' stats. */
  public List<StepStats> train(List<Example> data, Params params, Consumer<StepStats> listener) {
    Example[] byId = indexById(data);
    int[] lengths = new int[byId.length];
    for (int i = 0; i < byId.length; i++) {
      lengths[i] = byId[i].length();
    }
    StepPlan plan = new StepPlan(lengths, train);
    Updater updater = new Updater(model, train, params.layout());
    List<StepStats> history = new ArrayList<>();
    Map<Long, double[]> carried = null;
    Diagnostics diagnostics = new Diagnostics(train.diagnostics(), model);
    Cadence cadence = Cadence.diagnosticsOnly(train.diagnostics());
    while (plan.hasNext()) {
      StepPlan.Step step = plan.next();
      List<Example> members = new ArrayList<>(step.members().length);
      for (long id : step.members()) {
        members.add(byId[(int) id]);
      }
      boolean diagnose = diagnosticsListener != null && cadence.diagnose(step.index());
      GradientSum sum = WindowGradient.compute(net, params, members, step,
          step.startFrom(carried), !step.lastWindow(), diagnose);
      carried = step.carryAfter(sum.states);
      Spectral spectral = diagnose ? diagnostics.spectral(params) : null;
      StepStats stats = updater.apply(params, sum, step.index(), step.epoch());
      if (diagnosticsListener != null) {
        diagnosticsListener.accept(diagnostics.step(step.index(), spectral, sum.diagnostics,
            sum.items, stats.gradNorm(), stats.skipped() && stats.items() > 0 ? stats.problem() : null,
            updater.badInARow()));
      }
      history.add(stats);
      if (listener != null) {
        listener.accept(stats);
      }
    }
    return history;
  }

  static Example[] indexById(List<Example> data) {
    Example[] byId = new Example[data.size()];
    for (Example e : data) {
      if (e.id() < 0 || e.id() >= byId.length || byId[(int) e.id()] != null) {
        throw new IllegalArgumentException("example ids must be 0.." + (byId.length - 1)
            + " without repeats; found " + e.id());
      }
      byId[(int) e.id()] = e;
    }
    return byId;
  }
}
