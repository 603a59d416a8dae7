package org.sparkrnn.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.RecurrentState;
import org.sparkrnn.model.Slot;
import org.sparkrnn.train.Optimizer;
import org.sparkrnn.train.TrainConfig;

/**
 * Everything a model directory holds: a trained model, or a checkpoint to resume from.
 *
 * @param model the architecture; {@code params} must have its layout ({@link Network#layoutOf})
 * @param init how the parameters were initialised, or null
 * @param train how the model is trained, or null (a model without its training recipe)
 * @param params the parameters (the object is kept, not copied)
 * @param optimizerState {@link Optimizer#state()} by its keys, each [P]; null exactly when
 *     {@code optimizerName} is null (no optimizer saved); empty for a stateless optimizer
 * @param optimizerName {@link Optimizer#name()}, or null
 * @param counters training progress by name: {@value #STEP}, {@value #EPOCH}, {@value #BAD_STEPS},
 *     {@value #OPTIMIZER_STEPS}, ... (never null; kept in order)
 * @param carriedStates the recurrent state carried between truncated-BPTT windows, by global
 *     example id, each a {@link RecurrentState#row} of {@link #stateWidth} values; or null
 * @param provenance free text: data path, created, spark-rnn version, ... (never null)
 */
public record ModelBundle(
    ModelConfig model,
    InitConfig init,
    TrainConfig train,
    Params params,
    Map<String, double[]> optimizerState,
    String optimizerName,
    Map<String, Long> counters,
    Map<Long, double[]> carriedStates,
    Map<String, String> provenance) {

  public static final String STEP = "step";
  public static final String EPOCH = "epoch";
  public static final String BAD_STEPS = "bad_steps";
  public static final String OPTIMIZER_STEPS = "optimizer_steps";

  public ModelBundle {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(params, "params");
    List<Slot> want = Network.layoutOf(model).slots();
    List<Slot> have = params.layout().slots();
    if (!want.equals(have)) {
      throw new IllegalArgumentException("parameters " + have + " do not have the layout of the "
          + model.cell().key() + " model " + want);
    }
    if ((optimizerState == null) != (optimizerName == null)) {
      throw new IllegalArgumentException(
          "optimizer state and optimizer name go together: give both or neither");
    }
    if (optimizerState != null) {
      optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
    }
    counters = Collections.unmodifiableMap(
        new LinkedHashMap<>(counters == null ? Map.of() : counters));
    if (carriedStates != null) {
      carriedStates = Collections.unmodifiableMap(new TreeMap<>(carriedStates));
    }
    provenance = Collections.unmodifiableMap(
        new LinkedHashMap<>(provenance == null ? Map.of() : provenance));
  }

  /** Just a model and its parameters. */
  public static ModelBundle of(ModelConfig model, Params params) {
    return new ModelBundle(model, null, null, params, null, null, Map.of(), null, Map.of());
  }

  /** Values in a carried-state row: h of every layer, c of every LSTM layer, y for Jordan. */
  public static int stateWidth(ModelConfig model) {
    return RecurrentState.zeros(model, 1).row(0).length;
  }

  public ModelBundle withConfigs(TrainConfig train, InitConfig init) {
    return new ModelBundle(model, init, train, params, optimizerState, optimizerName, counters,
        carriedStates, provenance);
  }

  /**
   * A copy holding a snapshot of {@code optimizer}: its name, a copy of its state arrays and its
   * step count as counter {@value #OPTIMIZER_STEPS}.
   */
  public ModelBundle withOptimizer(Optimizer optimizer) {
    Map<String, double[]> state = new LinkedHashMap<>();
    optimizer.state().forEach((k, v) -> state.put(k, v.clone()));
    Map<String, Long> c = new LinkedHashMap<>(counters);
    c.put(OPTIMIZER_STEPS, optimizer.steps());
    return new ModelBundle(model, init, train, params, state, optimizer.name(), c, carriedStates,
        provenance);
  }

  public ModelBundle withCounters(Map<String, Long> counters) {
    return new ModelBundle(model, init, train, params, optimizerState, optimizerName, counters,
        carriedStates, provenance);
  }

  public ModelBundle withCarriedStates(Map<Long, double[]> carried) {
    return new ModelBundle(model, init, train, params, optimizerState, optimizerName, counters,
        carried, provenance);
  }

  public ModelBundle withProvenance(Map<String, String> provenance) {
    return new ModelBundle(model, init, train, params, optimizerState, optimizerName, counters,
        carriedStates, provenance);
  }

  /**
   * The optimizer to resume with: {@code train.newOptimizer(P)} restored from the saved state and
   * the {@value #OPTIMIZER_STEPS} counter (else {@value #STEP}), so it continues bit-identically.
   *
   * @throws IllegalStateException if no train config or optimizer state is held, or they disagree
   */
  public Optimizer restoreOptimizer() {
    if (train == null || optimizerState == null) {
      throw new IllegalStateException("this model holds no "
          + (train == null ? "training configuration" : "optimizer state") + " to resume from");
    }
    Optimizer o = train.newOptimizer(params.layout().size());
    if (!o.name().equals(optimizerName)) {
      throw new IllegalStateException("saved optimizer state is " + optimizerName
          + "'s but train.optimizer is " + o.name());
    }
    long steps = counters.getOrDefault(OPTIMIZER_STEPS, counters.getOrDefault(STEP, 0L));
    o.restore(optimizerState, steps);
    return o;
  }

  @Override
  public String toString() {
    return "ModelBundle[" + model.cell().key() + " " + Arrays.toString(
        params.layout().slots().toArray()) + ", optimizer=" + optimizerName + ", counters="
        + counters + ", carried=" + (carriedStates == null ? "none" : carriedStates.size()) + "]";
  }
}
