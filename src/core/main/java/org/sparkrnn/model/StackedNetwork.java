package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * L stacked Elman, LSTM or GRU layers and a linear head on the top layer. With the remedies on,
 * layer l's output is out_l = h_l + R_l(input_l) (residual), then dropout: d_l = mask_l ⊙ out_l
 * while training; d_l feeds layer l+1, and the top d feeds the head. The carried state is h_T.
 * Bidirectional layers ({@link BidirectionalLayer}) make every h_l, out_l and d_l 2H wide (w);
 * their final state is each direction's after its own last step.
 */
final class StackedNetwork implements Network {
  private final ModelConfig config;
  private final ParamLayout layout;
  private final RecurrentLayer[] layers;
  /** Per layer, with model.bidirectional: the layer above as the forward direction and its pair. */
  private final BidirectionalLayer[] pairs;
  private final Residual[] residuals;
  private final OutputHead head;
  /** The token table in front of layer 0, or null (one-hot or dense input). */
  private final Embedding embedding;
  private final Gemm gemm;
  private final int h;
  /** Width of a layer's output: H, or 2H when bidirectional. */
  private final int w;
  private final int o;

  private int steps;
  private int batch;
  private int headRows;
  private boolean training;
  private SequenceBatch pass;
  private double[] z;
  private double[] itemLoss;
  private double[] dz;
  private double[] hLast;
  private double[] dA;
  private double[] dB;
  private double[] dRes;
  /** The embedded input of layer 0 [T·B × E] and its gradient, with an embedding. */
  private double[] embedded;
  private double[] dEmbedded;
  /** d_l per layer [T·B × w] when a residual or dropout changes it, else null (d_l = h_l). */
  private final double[][] outs;
  /** Dropout multipliers per layer [T·B × w] of the last training pass, or null. */
  private final double[][] masks;
  private boolean masked;
  private final GradientFlow flow = new GradientFlow();

  StackedNetwork(ModelConfig config, Gemm gemm) {
    this.gemm = gemm;
    this.config = config;
    this.layout = layout(config);
    this.h = config.hiddenSize();
    this.w = config.layerOutput();
    this.o = config.outputSize();
    this.layers = new RecurrentLayer[config.layers()];
    this.pairs = config.bidirectional() ? new BidirectionalLayer[config.layers()] : null;
    this.residuals = new Residual[config.layers()];
    this.outs = new double[config.layers()][];
    this.masks = new double[config.layers()][];
    for (int l = 0; l < layers.length; l++) {
      int in = l == 0 ? config.firstLayerInput() : w;
      boolean tokens = l == 0 && readsTokens(config);
      layers[l] = layer(l, false, in, tokens);
      if (pairs != null) {
        pairs[l] = new BidirectionalLayer(layers[l], layer(l, true, in, tokens), in, h);
      }
      if (config.residual()) {
        residuals[l] = new Residual(gemm, layout, l, in, w, tokens);
      }
    }
    this.head = new OutputHead(gemm, layout, w, o, config.loss());
    this.embedding = config.embedding() > 0
        ? new Embedding(layout, config.vocabSize(), config.embedding()) : null;
  }

  /** Layer l's recurrence (the backward direction's when {@code reverse}) with its normalization. */
  private RecurrentLayer layer(int l, boolean reverse, int in, boolean tokens) {
    RecurrentLayer layer = switch (config.cell()) {
      case ELMAN -> new ElmanLayer(gemm, layout, l, reverse, in, h, tokens, config.activation(),
          config.activationAlpha());
      case LSTM -> new LstmLayer(gemm, layout, l, reverse, in, h, tokens);
      case GRU -> new GruLayer(gemm, layout, l, reverse, in, h, tokens);
      case JORDAN -> throw new IllegalArgumentException("Jordan nets are not stacked layers");
    };
    int gh = config.cell().gates * h;
    layer.normalize(
        config.norm() == Normalization.LAYER
            ? new LayerNorm(layout, l, reverse, config.cell().gates, h, config.normEps()) : null,
        config.norm() == Normalization.BATCH
            ? new BatchNorm(layout, l, gh, config.batchNormMaxSteps(), config.normEps()) : null);
    return layer;
  }

  /** Whether layer 0 reads token ids itself (one-hot input without an embedding in front). */
  private static boolean readsTokens(ModelConfig config) {
    return config.tokenInput() && config.embedding() == 0;
  }

  static ParamLayout layout(ModelConfig config) {
    ParamLayout.Builder b = ParamLayout.builder();
    int h = config.hiddenSize();
    int w = config.layerOutput();
    int gh = config.cell().gates * h;
    if (config.embedding() > 0) {
      Embedding.addParams(b, config.vocabSize(), config.embedding());
    }
    for (int l = 0; l < config.layers(); l++) {
      int in = l == 0 ? config.firstLayerInput() : w;
      for (int d = 0; d < config.directions(); d++) {
        // torch's order: a layer's four tensors, then its _reverse four
        RecurrentLayer.addParams(b, l, d == 1, in, h, config.cell().gates);
        if (config.norm() == Normalization.LAYER) {
          LayerNorm.addParams(b, l, d == 1, gh);
        }
      }
      if (config.norm() == Normalization.BATCH) {
        BatchNorm.addParams(b, l, gh, config.batchNormMaxSteps());
      }
      if (config.residual()) {
        Residual.addParams(b, l, in, w, l == 0 && readsTokens(config));
      }
    }
    OutputHead.addParams(b, w, config.outputSize(), config.tieWeights());
    return b.build();
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public ParamLayout layout() {
    return layout;
  }

  @Override
  public Slot rowSparseSlot() {
    return embedding != null && !config.tieWeights() ? layout.slot(Embedding.WEIGHT) : null;
  }

  @Override
  public StepResult forward(SequenceBatch batch, Params params, RecurrentState init) {
    return run(batch, params, null, init, null, false);
  }

  @Override
  public StepResult forward(SequenceBatch batch, Params params, RecurrentState init,
      boolean training) {
    return run(batch, params, null, init, null, training);
  }

  @Override
  public StepResult forwardBackward(SequenceBatch batch, Params params, Params grad,
      RecurrentState init, InputGradients inputGrads) {
    return run(batch, params, grad, init, inputGrads, true);
  }

  /** The input of layer l (its array; the rows start at {@link #inputOffset}). */
  private double[] input(SequenceBatch batch, int l) {
    return l > 0 ? output(l - 1) : embedding != null ? embedded : batch.x;
  }

  /** The token ids layer l reads itself: layer 0's without an embedding, else null. */
  private int[] tokens(SequenceBatch batch, int l) {
    return l == 0 && embedding == null ? batch.tokens : null;
  }

  private int inputOffset(int l) {
    return l == 0 ? 0 : outputOffset(l - 1);
  }

  /** d_l: the array holding layer l's output as the next layer sees it. */
  private double[] output(int l) {
    return outs[l] != null && (config.residual() || masked) ? outs[l]
        : pairs != null ? pairs[l].output() : layers[l].states();
  }

  private int outputOffset(int l) {
    return outs[l] != null && (config.residual() || masked) || pairs != null ? 0 : batch * h;
  }

  private StepResult run(SequenceBatch batch, Params params, Params grad, RecurrentState init,
      InputGradients inputGrads, boolean training) {
    batch.requireFits(config);
    double[] p = params.data();
    gemm.bindConstant(p);
    this.steps = batch.steps;
    this.batch = batch.batch;
    this.training = training;
    this.pass = batch;
    this.masked = training && config.dropout() > 0;
    int bh = this.batch * h;
    int bw = this.batch * w;
    int rows = steps * this.batch;
    if (embedding != null) {
      embedded = Rows.ensure(embedded, rows * config.embedding());
      embedding.forward(p, batch.tokens, rows, embedded);
    }
    for (int l = 0; l < layers.length; l++) {
      if (pairs != null) {
        pairs[l].context(batch, training);
        pairs[l].forward(p, input(batch, l), inputOffset(l), tokens(batch, l), batch,
            init == null ? null : init.h(2 * l), init == null ? null : init.c(2 * l),
            init == null ? null : init.h(2 * l + 1), init == null ? null : init.c(2 * l + 1));
      } else {
        layers[l].context(batch, training);
        layers[l].forward(p, input(batch, l), inputOffset(l), tokens(batch, l), steps,
            this.batch, init == null ? null : init.h(l), init == null ? null : init.c(l));
      }
      if (config.residual() || masked) {
        outs[l] = Rows.ensure(outs[l], rows * w);
        if (pairs != null) {
          System.arraycopy(pairs[l].output(), 0, outs[l], 0, rows * w);
        } else {
          System.arraycopy(layers[l].states(), bh, outs[l], 0, rows * h);
        }
        if (config.residual()) {
          residuals[l].forward(p, input(batch, l), inputOffset(l), tokens(batch, l), rows, outs[l]);
        }
        if (masked) {
          masks[l] = Rows.ensure(masks[l], rows * w);
          Dropout.mask(config.dropout(), batch, l, w, masks[l]);
          Dropout.apply(masks[l], outs[l], 0, rows * w);
        }
      }
    }
    double[] top = output(layers.length - 1);
    int topOff = outputOffset(layers.length - 1);
    boolean manyToOne = config.mode() == OutputMode.MANY_TO_ONE;
    headRows = manyToOne ? this.batch : rows;
    z = Rows.ensure(z, headRows * o);
    itemLoss = Rows.ensure(itemLoss, headRows);
    double[] hsrc;
    int hOff;
    if (manyToOne) {
      hLast = Rows.ensure(hLast, bw);
      for (int b = 0; b < this.batch; b++) {
        int t = batch.length(b) - 1;
        // the forward direction's last step; a backward direction's last step is step 0
        System.arraycopy(top, topOff + t * bw + b * w, hLast, b * w, h);
        if (pairs != null) {
          System.arraycopy(top, topOff + b * w + h, hLast, b * w + h, h);
        }
      }
      hsrc = hLast;
      hOff = 0;
    } else {
      hsrc = top;
      hOff = topOff;
    }
    head.logits(p, hsrc, hOff, headRows, z, 0);
    boolean backward = grad != null;
    if (backward) {
      dz = Rows.ensure(dz, headRows * o);
    }
    double lossSum = 0;
    long items = 0;
    double weight = 0;
    boolean hasTargets = batch.classTargets != null || batch.realTargets != null;
    for (int r = 0; r < headRows; r++) {
      if (hasTargets && batch.scores(r)) {
        int cls = batch.classTargets == null ? -1 : batch.classTargets[r];
        double li = head.loss(z, r * o, cls, batch.realTargets, r * o, backward ? dz : null, r * o, false);
        double w = batch.weight(manyToOne ? r : r % this.batch);
        if (w != 1) {
          li *= w;
          OutputHead.scaleRow(backward ? dz : null, r * o, o, w);
        }
        itemLoss[r] = li;
        lossSum += li;
        items++;
        weight += w;
      } else {
        itemLoss[r] = 0;
        if (backward) {
          Arrays.fill(dz, r * o, (r + 1) * o, 0);
        }
      }
    }
    if (backward) {
      if (!hasTargets) {
        throw new IllegalArgumentException("a backward pass needs targets");
      }
      backward(batch, p, grad.data(), hsrc, hOff, inputGrads);
    }
    return new StepResult(lossSum, items, weight, finalState());
  }

  private void backward(SequenceBatch batch, double[] p, double[] g, double[] hsrc, int hOff,
      InputGradients inputGrads) {
    int bw = this.batch * w;
    int rows = steps * this.batch;
    dA = Rows.ensure(dA, rows * w);
    dB = Rows.ensure(dB, rows * w);
    if (config.mode() == OutputMode.MANY_TO_ONE) {
      head.backward(p, g, dz, 0, headRows, hsrc, hOff, hLast, 0);
      Arrays.fill(dA, 0, rows * w, 0);
      for (int b = 0; b < this.batch; b++) {
        int t = batch.length(b) - 1;
        System.arraycopy(hLast, b * w, dA, t * bw + b * w, h);
        if (pairs != null) {
          System.arraycopy(hLast, b * w + h, dA, b * w + h, h);
        }
      }
    } else {
      head.backward(p, g, dz, 0, headRows, hsrc, hOff, dA, 0);
    }
    RecurrentState dInit = null;
    if (inputGrads != null) {
      dInit = RecurrentState.zeros(config, this.batch);
      inputGrads.dInit = dInit;
      if (batch.x != null) {
        inputGrads.dx = new double[rows * config.inputSize()];
      }
    }
    double[] dOut = dA;
    double[] dBelow = dB;
    flow.begin(layers.length, steps);
    for (int l = layers.length - 1; l >= 0; l--) {
      double[] x = input(batch, l);
      int xOff = inputOffset(l);
      int[] tokens = tokens(batch, l);
      double[] dX = l > 0 ? dBelow : embedding != null ? embeddedGradient(rows)
          : inputGrads == null ? null : inputGrads.dx;
      if (masked) {
        Dropout.apply(masks[l], dOut, 0, rows * w); // dOut: d d_l ↦ d out_l
      }
      boolean resDx = false;
      if (config.residual()) {
        int in = l == 0 ? config.firstLayerInput() : w;
        resDx = dX != null;
        if (resDx) {
          dRes = Rows.ensure(dRes, rows * in);
        }
        residuals[l].backward(p, g, dOut, x, xOff, tokens, rows, resDx ? dRes : null);
      }
      if (pairs != null) {
        pairs[l].backward(p, g, dOut, x, xOff, tokens, dX, 0, state(dInit, false, 2 * l),
            state(dInit, true, 2 * l), state(dInit, false, 2 * l + 1),
            state(dInit, true, 2 * l + 1));
      } else {
        layers[l].backward(p, g, dOut, x, xOff, tokens, dX, 0, state(dInit, false, l),
            state(dInit, true, l), config.truncateSteps());
      }
      flow.add(l, dOut, 0, w, batch); // the layer left ∂E/∂h_t (from above and from t+1) in dOut
      if (resDx) {
        Rows.add(dRes, 0, dX, 0, rows * (l == 0 ? config.firstLayerInput() : w));
      }
      double[] swap = dOut;
      dOut = dBelow;
      dBelow = swap;
    }
    if (embedding != null) {
      embedding.backward(g, batch.tokens, rows, dEmbedded);
    }
  }

  /** Entry k of a state's h (or c) arrays, or null when there is no such state. */
  private static double[] state(RecurrentState s, boolean cell, int k) {
    double[][] part = s == null ? null : cell ? s.c : s.h;
    return part == null ? null : part[k];
  }

  private double[] embeddedGradient(int rows) {
    dEmbedded = Rows.ensure(dEmbedded, rows * config.embedding());
    return dEmbedded;
  }

  @Override
  public double[] normStatistics() {
    if (config.norm() != Normalization.BATCH || !training) {
      return null;
    }
    int per = BatchNorm.statsWidth(config.cell().gates * h, config.batchNormMaxSteps());
    double[] all = new double[per * layers.length];
    for (int l = 0; l < layers.length; l++) {
      System.arraycopy(layers[l].batchNorm().sums(), 0, all, l * per, per);
    }
    return all;
  }

  private RecurrentState finalState() {
    if (pairs != null) {
      return bidirectionalFinalState();
    }
    int bh = batch * h;
    double[][] hn = new double[layers.length][];
    double[][] cn = config.cell() == CellType.LSTM ? new double[layers.length][] : null;
    for (int l = 0; l < layers.length; l++) {
      hn[l] = Arrays.copyOfRange(layers[l].states(), steps * bh, (steps + 1) * bh);
      if (cn != null) {
        cn[l] = Arrays.copyOfRange(layers[l].cells(), steps * bh, (steps + 1) * bh);
      }
    }
    return new RecurrentState(batch, hn, cn, null);
  }

  /** torch's h_n (and c_n): per layer, the forward direction after each sequence's last step, then the backward one after step 0. */
  private RecurrentState bidirectionalFinalState() {
    boolean lstm = config.cell() == CellType.LSTM;
    double[][] hn = new double[2 * layers.length][];
    double[][] cn = lstm ? new double[2 * layers.length][] : null;
    for (int l = 0; l < layers.length; l++) {
      for (int d = 0; d < 2; d++) {
        hn[2 * l + d] = pairs[l].finalState(d == 1, false, pass);
        if (lstm) {
          cn[2 * l + d] = pairs[l].finalState(d == 1, true, pass);
        }
      }
    }
    return new RecurrentState(batch, hn, cn, null);
  }

  @Override
  public double[] outputs() {
    // from the logits on demand: training needs only the loss, which the head computes from z
    double[] out = new double[headRows * o];
    head.outputs(z, 0, headRows, out, 0);
    return out;
  }

  @Override
  public double[] logits() {
    return Arrays.copyOf(z, headRows * o);
  }

  @Override
  public double[] itemLosses() {
    return Arrays.copyOf(itemLoss, headRows);
  }

  @Override
  public double[] hiddenStates(int layer) {
    if (pairs != null) {
      return Arrays.copyOf(pairs[layer].output(), steps * batch * w);
    }
    int bh = batch * h;
    return Arrays.copyOfRange(layers[layer].states(), bh, (steps + 1) * bh);
  }

  @Override
  public void recordGradientFlow(boolean on) {
    flow.record(on);
  }

  @Override
  public double[][] gradientFlowSquares() {
    return flow.squares();
  }

  @Override
  public java.util.Map<String, double[]> internals(int layer) {
    return pairs != null ? pairs[layer].internals() : layers[layer].internals();
  }
}
