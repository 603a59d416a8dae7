package org.sparkrnn.train;

import java.util.Map;

/**
 * Applies one update to a flat parameter vector from a gradient that is already averaged,
 * regularized and clipped. Implementations follow torch.optim (weight_decay = 0; L1/L2 are done by
 * {@link Regularization}) and allocate their state once, in the constructor.
 *
 * <p>Checkpoint contract: {@link #name()}, {@link #hyper()}, {@link #state()} and {@link #steps()}
 * describe the optimizer completely; {@code Optimizers.create(name(), hyper(), size())} followed by
 * {@link #restore(Map, long)} continues bit-identically.
 */
public interface Optimizer {

  /**
   * Updates {@code params} in place. Shapes: {@code params.length == grad.length == size()}.
   * {@code grad} is read, never written.
   *
   * @param lr learning rate for this step (finite, {@code >= 0}), e.g. from an {@link LrSchedule}
   */
  void step(double[] params, double[] grad, double lr);

  /**
   * The next step's update of entries [from, to) only, without counting the step: threads that
   * share one optimizer each update their own range, then one of them calls {@link #countStep()}.
   * The ranges together give exactly {@link #step}.
   */
  void stepRange(double[] params, double[] grad, double lr, int from, int to);

  /** Counts a step whose ranges {@link #stepRange} updated. */
  void countStep();

  /** Number of steps taken so far (PyTorch's {@code state['step']}). */
  long steps();

  /**
   * The live state arrays by PyTorch's names ({@code momentum_buffer}, {@code sum},
   * {@code square_avg}, {@code exp_avg}, {@code exp_avg_sq}); not copies, in a fixed order. Empty
   * for stateless plain SGD.
   */
  Map<String, double[]> state();

  /**
   * Copies {@code state} into the live arrays and sets the step count. The keys must be exactly
   * those of {@link #state()} and every array must have {@link #size()} values.
   *
   * @throws IllegalArgumentException naming the missing, unexpected or mis-sized entry
   */
  void restore(Map<String, double[]> state, long steps);

  /** The factory name: sgd, momentum, nesterov, adagrad, rmsprop or adam. */
  String name();

  /** The hyper-parameters by the keys {@link Optimizers#create(String, Map, int)} accepts. */
  Map<String, Double> hyper();

  /** Length of the parameter vector this optimizer was made for. */
  int size();
}
