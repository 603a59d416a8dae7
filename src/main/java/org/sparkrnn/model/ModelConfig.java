package org.sparkrnn.model;

/**
 * Everything that fixes a network's shape and equations. {@code vocabSize > 0} means token input
 * (one-hot of that width, done as a gather); otherwise {@code inputSize} dense features.
 * {@code truncateSteps} is k2 of truncated BPTT: 0 backpropagates through the whole window, k
 * cuts the gradient through the recurrent state every k steps of the window (the forward pass
 * still carries the state). Jordan nets have one hidden layer.
 */
public record ModelConfig(
    CellType cell,
    Activation activation,
    double activationAlpha,
    int layers,
    int inputSize,
    int vocabSize,
    int hiddenSize,
    int outputSize,
    OutputMode mode,
    Loss loss,
    JordanFeedback jordanFeedback,
    boolean teacherForcing,
    int truncateSteps) implements java.io.Serializable {

  public ModelConfig {
    require(cell != null, "model.cell is required");
    require(activation != null, "model.activation is required");
    require(layers >= 1, "model.layers must be ≥ 1, got " + layers);
    require(hiddenSize >= 1, "model.hidden must be ≥ 1, got " + hiddenSize);
    require(outputSize >= 1, "model.output must be ≥ 1, got " + outputSize);
    require(vocabSize > 0 || inputSize >= 1, "model.input must be ≥ 1 (or a vocabulary), got " + inputSize);
    require(truncateSteps >= 0, "train.bptt.truncate must be ≥ 0, got " + truncateSteps);
    require(cell != CellType.JORDAN || layers == 1, "model.layers must be 1 for a Jordan net, got " + layers);
    require(!teacherForcing || cell == CellType.JORDAN, "model.teacher_forcing applies to Jordan nets only (model.cell=jordan)");
    require(!teacherForcing || mode == OutputMode.MANY_TO_MANY, "model.teacher_forcing needs model.mode=many-to-many");
    require(loss != Loss.SOFTMAX_CROSS_ENTROPY || outputSize >= 2, "model.output must be ≥ 2 for softmax, got " + outputSize);
    if (!Double.isFinite(activationAlpha)) {
      throw new IllegalArgumentException("model.activation_alpha must be finite");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Width of the first layer's input: the vocabulary for tokens, else the feature count. */
  public int inputWidth() {
    return vocabSize > 0 ? vocabSize : inputSize;
  }

  public boolean tokenInput() {
    return vocabSize > 0;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.cell = cell;
    b.activation = activation;
    b.activationAlpha = activationAlpha;
    b.layers = layers;
    b.inputSize = inputSize;
    b.vocabSize = vocabSize;
    b.hiddenSize = hiddenSize;
    b.outputSize = outputSize;
    b.mode = mode;
    b.loss = loss;
    b.jordanFeedback = jordanFeedback;
    b.teacherForcing = teacherForcing;
    b.truncateSteps = truncateSteps;
    return b;
  }

  /** Defaults: tanh Elman, one layer, many-to-many softmax cross-entropy, full BPTT. */
  public static final class Builder {
    private CellType cell = CellType.ELMAN;
    private Activation activation = Activation.TANH;
    private double activationAlpha = Double.NaN;
    private int layers = 1;
    private int inputSize;
    private int vocabSize;
    private int hiddenSize = 32;
    private int outputSize;
    private OutputMode mode = OutputMode.MANY_TO_MANY;
    private Loss loss = Loss.SOFTMAX_CROSS_ENTROPY;
    private JordanFeedback jordanFeedback = JordanFeedback.OUTPUT;
    private boolean teacherForcing;
    private int truncateSteps;

    public Builder cell(CellType v) { cell = v; return this; }
    public Builder activation(Activation v) { activation = v; return this; }
    public Builder activationAlpha(double v) { activationAlpha = v; return this; }
    public Builder layers(int v) { layers = v; return this; }
    public Builder inputSize(int v) { inputSize = v; vocabSize = 0; return this; }
    public Builder vocabSize(int v) { vocabSize = v; return this; }
    public Builder hiddenSize(int v) { hiddenSize = v; return this; }
    public Builder outputSize(int v) { outputSize = v; return this; }
    public Builder mode(OutputMode v) { mode = v; return this; }
    public Builder loss(Loss v) { loss = v; return this; }
    public Builder jordanFeedback(JordanFeedback v) { jordanFeedback = v; return this; }
    public Builder teacherForcing(boolean v) { teacherForcing = v; return this; }
    public Builder truncateSteps(int v) { truncateSteps = v; return this; }

    public ModelConfig build() {
      double alpha = Double.isNaN(activationAlpha)
          ? (activation == Activation.ELU ? Activation.DEFAULT_ELU_ALPHA : Activation.DEFAULT_LEAKY_ALPHA)
          : activationAlpha;
      return new ModelConfig(cell, activation, alpha, layers, inputSize, vocabSize, hiddenSize,
          outputSize, mode, loss, jordanFeedback, teacherForcing, truncateSteps);
    }
  }
}
