package org.sparkrnn.model;

/**
 * Everything that fixes a network's shape and equations. {@code vocabSize > 0} means token input
 * (one-hot of that width, done as a gather); otherwise {@code inputSize} dense features.
 * {@code truncateSteps} is k2 of truncated BPTT: 0 backpropagates through the whole window, k
 * cuts the gradient through the recurrent state every k steps of the window (the forward pass
 * still carries the state). Jordan nets have one hidden layer.
 *
 * <p>Remedies for vanishing and exploding gradients (all off by default; stacked cells only):
 * {@code residual} adds R_l(input_l) to every layer's output (identity when the widths match, a
 * learned projection "res.weight_l{k}" otherwise); {@code norm} normalizes inside the recurrence
 * with {@code normEps} in the denominator, and batch normalization keeps running statistics per
 * step position for the first {@code batchNormMaxSteps} positions, averaged with
 * {@code batchNormMomentum}; {@code dropout} is the drop probability on every layer's output
 * (before the next layer and before the head) while training.
 *
 * <p>{@code embedding = E > 0} puts a learned table (nn.Embedding, "embedding.weight" [V × E])
 * between the tokens and the first layer, which then reads E features instead of a one-hot V;
 * {@code tieWeights} makes the head's weight that same table (Press &amp; Wolf 2017), which needs
 * E = H and as many outputs as tokens.
 *
 * <p>{@code bidirectional} runs every stacked layer twice over the same input, forward in time
 * and backward from each sequence's own last step, and concatenates the two per step
 * (nn.LSTM(bidirectional=True)): layer l+1 and the head read 2H features, and a many-to-one head
 * reads the forward direction's last step and the backward direction's first.
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
    int truncateSteps,
    boolean residual,
    Normalization norm,
    double dropout,
    double normEps,
    double batchNormMomentum,
    int batchNormMaxSteps,
    int embedding,
    boolean tieWeights,
    boolean bidirectional) implements java.io.Serializable {

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
    require(norm != null, "model.norm is required");
    require(dropout >= 0 && dropout < 1, "model.dropout must be in [0, 1), got " + dropout);
    require(normEps > 0 && Double.isFinite(normEps), "model.norm.eps must be > 0, got " + normEps);
    require(batchNormMomentum > 0 && batchNormMomentum <= 1,
        "model.batchnorm.momentum must be in (0, 1], got " + batchNormMomentum);
    require(batchNormMaxSteps >= 1, "model.batchnorm.max_steps must be ≥ 1, got " + batchNormMaxSteps);
    require(embedding >= 0, "model.embedding must be ≥ 0, got " + embedding);
    require(embedding == 0 || vocabSize > 0, "model.embedding=" + embedding
        + " needs token input (model.vocab > 0: a char_lm, word_lm or text data kind)");
    require(embedding == 0 || cell != CellType.JORDAN,
        "model.embedding is not supported by Jordan nets (model.cell=jordan)");
    require(!tieWeights || embedding == hiddenSize, "model.tie_weights=true needs model.embedding"
        + " = model.hidden (the head's weight is the embedding matrix), got embedding " + embedding
        + " and hidden " + hiddenSize);
    require(!tieWeights || outputSize == vocabSize, "model.tie_weights=true needs as many outputs"
        + " as input tokens (a language model), got output " + outputSize + " and vocabulary "
        + vocabSize);
    if (bidirectional) {
      require(cell != CellType.JORDAN, "model.bidirectional is not supported by Jordan nets "
          + "(model.cell=jordan): a Jordan net feeds back its output, which a backward direction "
          + "does not have");
      require(norm != Normalization.BATCH, "model.bidirectional does not combine with "
          + "model.norm=batch (its statistics are per step position); use layer or none");
      require(truncateSteps == 0, "model.bidirectional needs whole sequences: "
          + "train.bptt.truncate must be 0, got " + truncateSteps);
      require(!tieWeights, "model.bidirectional does not combine with model.tie_weights (a "
          + "language model's head; a next-token model must not see the future)");
    }
    if (cell == CellType.JORDAN) {
      require(!residual, "model.residual is not supported by Jordan nets (model.cell=jordan)");
      require(norm == Normalization.NONE, "model.norm=" + norm.key()
          + " is not supported by Jordan nets (model.cell=jordan); use none");
      require(dropout == 0, "model.dropout is not supported by Jordan nets (model.cell=jordan)");
    }
  }

  /** Whether any of residual, normalization or dropout is on. */
  public boolean hasRemedies() {
    return residual || norm != Normalization.NONE || dropout > 0;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** 2 for bidirectional layers, else 1. */
  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** Width of a layer's output as the next layer and the head read it: directions · H. */
  public int layerOutput() {
    return directions() * hiddenSize;
  }

  /** Width of the first layer's input: the vocabulary for tokens, else the feature count. */
  public int inputWidth() {
    return vocabSize > 0 ? vocabSize : inputSize;
  }

  public boolean tokenInput() {
    return vocabSize > 0;
  }

  /** Width of what the first recurrent layer reads: the embedding if any, else the input. */
  public int firstLayerInput() {
    return embedding > 0 ? embedding : inputWidth();
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
    b.residual = residual;
    b.norm = norm;
    b.dropout = dropout;
    b.normEps = normEps;
    b.batchNormMomentum = batchNormMomentum;
    b.batchNormMaxSteps = batchNormMaxSteps;
    b.embedding = embedding;
    b.tieWeights = tieWeights;
    b.bidirectional = bidirectional;
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
    private boolean residual;
    private Normalization norm = Normalization.NONE;
    private double dropout;
    private double normEps = 1e-5;
    private double batchNormMomentum = 0.1;
    private int batchNormMaxSteps = 100;
    private int embedding;
    private boolean tieWeights;
    private boolean bidirectional;

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
    public Builder residual(boolean v) { residual = v; return this; }
    public Builder norm(Normalization v) { norm = v; return this; }
    public Builder dropout(double v) { dropout = v; return this; }
    public Builder normEps(double v) { normEps = v; return this; }
    public Builder batchNormMomentum(double v) { batchNormMomentum = v; return this; }
    public Builder batchNormMaxSteps(int v) { batchNormMaxSteps = v; return this; }
    public Builder embedding(int v) { embedding = v; return this; }
    public Builder tieWeights(boolean v) { tieWeights = v; return this; }
    public Builder bidirectional(boolean v) { bidirectional = v; return this; }

    public ModelConfig build() {
      double alpha = Double.isNaN(activationAlpha)
          ? (activation == Activation.ELU ? Activation.DEFAULT_ELU_ALPHA : Activation.DEFAULT_LEAKY_ALPHA)
          : activationAlpha;
      return new ModelConfig(cell, activation, alpha, layers, inputSize, vocabSize, hiddenSize,
          outputSize, mode, loss, jordanFeedback, teacherForcing, truncateSteps, residual, norm,
          dropout, normEps, batchNormMomentum, batchNormMaxSteps, embedding, tieWeights,
          bidirectional);
    }
  }
}
