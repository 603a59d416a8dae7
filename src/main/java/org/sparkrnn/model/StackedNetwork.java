package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/** L stacked Elman, LSTM or GRU layers and a linear head on the top layer. */
final class StackedNetwork implements Network {
  private final ModelConfig config;
  private final ParamLayout layout;
  private final RecurrentLayer[] layers;
  private final OutputHead head;
  private final int h;
  private final int o;

  private int steps;
  private int batch;
  private int headRows;
  private double[] z;
  private double[] out;
  private double[] itemLoss;
  private double[] dz;
  private double[] hLast;
  private double[] dA;
  private double[] dB;

  StackedNetwork(ModelConfig config, Gemm gemm) {
    this.config = config;
    this.layout = layout(config);
    this.h = config.hiddenSize();
    this.o = config.outputSize();
    this.layers = new RecurrentLayer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      int in = l == 0 ? config.inputWidth() : h;
      boolean tokens = l == 0 && config.tokenInput();
      layers[l] = switch (config.cell()) {
        case ELMAN -> new ElmanLayer(gemm, layout, l, in, h, tokens, config.activation(),
            config.activationAlpha());
        case LSTM -> new LstmLayer(gemm, layout, l, in, h, tokens);
        case GRU -> new GruLayer(gemm, layout, l, in, h, tokens);
        case JORDAN -> throw new IllegalArgumentException("Jordan nets are not stacked layers");
      };
    }
    this.head = new OutputHead(gemm, layout, h, o, config.loss());
  }

  static ParamLayout layout(ModelConfig config) {
    ParamLayout.Builder b = ParamLayout.builder();
    for (int l = 0; l < config.layers(); l++) {
      int in = l == 0 ? config.inputWidth() : config.hiddenSize();
      RecurrentLayer.addParams(b, l, in, config.hiddenSize(), config.cell().gates);
    }
    OutputHead.addParams(b, config.hiddenSize(), config.outputSize());
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
  public StepResult forward(SequenceBatch batch, Params params, RecurrentState init) {
    return run(batch, params, null, init, null);
  }

  @Override
  public StepResult forwardBackward(SequenceBatch batch, Params params, Params grad,
      RecurrentState init, InputGradients inputGrads) {
    return run(batch, params, grad, init, inputGrads);
  }

  private StepResult run(SequenceBatch batch, Params params, Params grad, RecurrentState init,
      InputGradients inputGrads) {
    batch.requireFits(config);
    double[] p = params.data();
    this.steps = batch.steps;
    this.batch = batch.batch;
    int bh = this.batch * h;
    int rows = steps * this.batch;
    for (int l = 0; l < layers.length; l++) {
      double[] x = l == 0 ? batch.x : layers[l - 1].states();
      int xOff = l == 0 ? 0 : bh;
      layers[l].forward(p, x, xOff, l == 0 ? batch.tokens : null, steps, this.batch,
          init == null ? null : init.h(l), init == null ? null : init.c(l));
    }
    RecurrentLayer top = layers[layers.length - 1];
    boolean manyToOne = config.mode() == OutputMode.MANY_TO_ONE;
    headRows = manyToOne ? this.batch : rows;
    z = Rows.ensure(z, headRows * o);
    out = Rows.ensure(out, headRows * o);
    itemLoss = Rows.ensure(itemLoss, headRows);
    double[] hsrc;
    int hOff;
    if (manyToOne) {
      hLast = Rows.ensure(hLast, bh);
      for (int b = 0; b < this.batch; b++) {
        int t = batch.length(b) - 1;
        System.arraycopy(top.states(), (t + 1) * bh + b * h, hLast, b * h, h);
      }
      hsrc = hLast;
      hOff = 0;
    } else {
      hsrc = top.states();
      hOff = bh;
    }
    head.logits(p, hsrc, hOff, headRows, z, 0);
    head.outputs(z, 0, headRows, out, 0);
    boolean backward = grad != null;
    if (backward) {
      dz = Rows.ensure(dz, headRows * o);
    }
    double lossSum = 0;
    long items = 0;
    boolean hasTargets = batch.classTargets != null || batch.realTargets != null;
    for (int r = 0; r < headRows; r++) {
      if (hasTargets && batch.scores(r)) {
        int cls = batch.classTargets == null ? -1 : batch.classTargets[r];
        double li = head.loss(z, r * o, cls, batch.realTargets, r * o, backward ? dz : null, r * o, false);
        itemLoss[r] = li;
        lossSum += li;
        items++;
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
    return new StepResult(lossSum, items, finalState());
  }

  private void backward(SequenceBatch batch, double[] p, double[] g, double[] hsrc, int hOff,
      InputGradients inputGrads) {
    int bh = this.batch * h;
    int rows = steps * this.batch;
    dA = Rows.ensure(dA, rows * h);
    dB = Rows.ensure(dB, rows * h);
    if (config.mode() == OutputMode.MANY_TO_ONE) {
      head.backward(p, g, dz, 0, headRows, hsrc, hOff, hLast, 0);
      Arrays.fill(dA, 0, rows * h, 0);
      for (int b = 0; b < this.batch; b++) {
        int t = batch.length(b) - 1;
        System.arraycopy(hLast, b * h, dA, t * bh + b * h, h);
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
    for (int l = layers.length - 1; l >= 0; l--) {
      double[] x = l == 0 ? batch.x : layers[l - 1].states();
      int xOff = l == 0 ? 0 : bh;
      double[] dX = l > 0 ? dBelow : inputGrads == null ? null : inputGrads.dx;
      layers[l].backward(p, g, dOut, x, xOff, l == 0 ? batch.tokens : null, dX, 0,
          dInit == null ? null : dInit.h[l], dInit == null || dInit.c == null ? null : dInit.c[l],
          config.truncateSteps());
      double[] swap = dOut;
      dOut = dBelow;
      dBelow = swap;
    }
  }

  private RecurrentState finalState() {
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

  @Override
  public double[] outputs() {
    return Arrays.copyOf(out, headRows * o);
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
    int bh = batch * h;
    return Arrays.copyOfRange(layers[layer].states(), bh, (steps + 1) * bh);
  }

  @Override
  public java.util.Map<String, double[]> internals(int layer) {
    return layers[layer].internals();
  }
}
