package org.sparkrnn.model;

import java.util.Arrays;
import java.util.Map;
import org.sparkrnn.linalg.FloatRows;
import org.sparkrnn.linalg.Sgemm;

/**
 * The float32 network of train.precision=f32: {@link StackedNetwork}'s model with the activations,
 * gate buffers, the gradients of the activations and the products in float (sgemm on arrays the
 * layers own). A pass converts the double parameters to float once and adds its float gradient
 * into the caller's double gradient at the end, so sums across partitions, the optimizer and the
 * master parameters stay double. The loss of each scored row is taken in double from its float
 * logits (the head's own loss code), and the loss sums are double.
 *
 * <p>It runs what {@link #supports} accepts: Elman (every activation), LSTM and GRU, stacked,
 * one-hot, dense or embedded input, tied heads, dropout, truncation, every loss and output mode.
 * Other models (layer or batch norm, residual links, bidirectional layers, Jordan nets) run on the
 * double network with single-precision products ({@code Network.singlePrecision}).
 */
final class FloatNetwork implements Network {
  private final ModelConfig config;
  private final ParamLayout layout;
  private final FloatLayer[] layers;
  private final Sgemm gemm = new Sgemm();
  /** Only for the loss and output functions of a row (in double); its products are not used. */
  private final OutputHead head;
  private final int headW;
  private final int headB;
  /** Offset of the embedding table, or −1. */
  private final int embW;
  private final int e;
  private final int h;
  private final int o;
  private final GradientFlow flow = new GradientFlow();

  private int steps;
  private int batch;
  private int headRows;
  private boolean masked;
  private float[] p;
  private float[] g;
  private float[] x;
  private float[] embedded;
  private float[] dEmbedded;
  private final float[][] outs;
  private final float[][] masks;
  private double[] maskScratch;
  private final float[][] h0;
  private final float[][] c0;
  private float[] hLast;
  private float[] z;
  private float[] dz;
  private float[] dA;
  private float[] dB;
  private double[] itemLoss;
  private double[] zRow;
  private double[] dzRow;

  FloatNetwork(ModelConfig config) {
    if (!supports(config)) {
      throw new IllegalArgumentException("the float32 network does not run this model: " + config);
    }
    this.config = config;
    this.layout = StackedNetwork.layout(config);
    this.h = config.hiddenSize();
    this.o = config.outputSize();
    this.e = config.embedding();
    this.embW = e > 0 ? layout.slot(Embedding.WEIGHT).offset() : -1;
    this.layers = new FloatLayer[config.layers()];
    for (int l = 0; l < layers.length; l++) {
      int in = l == 0 ? config.firstLayerInput() : h;
      boolean tokens = l == 0 && config.tokenInput() && e == 0;
      layers[l] = switch (config.cell()) {
        case ELMAN -> new FloatElmanLayer(gemm, layout, l, in, h, tokens, config.activation(),
            config.activationAlpha());
        case LSTM -> new FloatLstmLayer(gemm, layout, l, in, h, tokens);
        case GRU -> new FloatGruLayer(gemm, layout, l, in, h, tokens);
        case JORDAN -> throw new AssertionError();
      };
    }
    this.head = new OutputHead(null, layout, h, o, config.loss());
    this.headW = head.weightOffset;
    this.headB = layout.slot(OutputHead.BIAS).offset();
    this.outs = new float[layers.length][];
    this.masks = new float[layers.length][];
    this.h0 = new float[layers.length][];
    this.c0 = new float[layers.length][];
  }

  /** Whether this network runs {@code config}; the models it does not are listed above. */
  static boolean supports(ModelConfig config) {
    return config.cell() != CellType.JORDAN && !config.bidirectional()
        && config.norm() == Normalization.NONE && !config.residual();
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
    return e > 0 && !config.tieWeights() ? layout.slot(Embedding.WEIGHT) : null;
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

  private float[] input(int l) {
    return l > 0 ? output(l - 1) : e > 0 ? embedded : x;
  }

  private int inputOffset(int l) {
    return l > 0 ? outputOffset(l - 1) : 0;
  }

  private int[] tokens(SequenceBatch batch, int l) {
    return l == 0 && e == 0 ? batch.tokens : null;
  }

  private float[] output(int l) {
    return masked ? outs[l] : layers[l].states();
  }

  private int outputOffset(int l) {
    return masked ? 0 : batch * h;
  }

  private StepResult run(SequenceBatch batch, Params params, Params grad, RecurrentState init,
      InputGradients inputGrads, boolean training) {
    if (inputGrads != null) {
      throw new IllegalArgumentException("input gradients come from the f64 network, not the float32 one");
    }
    batch.requireFits(config);
    double[] pd = params.data();
    p = FloatRows.toFloat(pd, 0, pd.length, p);
    this.steps = batch.steps;
    this.batch = batch.batch;
    this.masked = training && config.dropout() > 0;
    int rows = steps * this.batch;
    if (e > 0) {
      embed(batch.tokens, rows);
    } else if (batch.x != null) {
      x = FloatRows.toFloat(batch.x, 0, rows * config.firstLayerInput(), x);
    }
    for (int l = 0; l < layers.length; l++) {
      layers[l].forward(p, input(l), inputOffset(l), tokens(batch, l), steps, this.batch,
          initial(init, false, l), initial(init, true, l));
      if (masked) {
        drop(batch, l, rows);
      }
    }
    float[] top = output(layers.length - 1);
    int topOff = outputOffset(layers.length - 1);
    boolean manyToOne = config.mode() == OutputMode.MANY_TO_ONE;
    headRows = manyToOne ? this.batch : rows;
    float[] hsrc = top;
    int hOff = topOff;
    if (manyToOne) {
      hLast = FloatRows.ensure(hLast, this.batch * h);
      for (int b = 0; b < this.batch; b++) {
        int t = batch.length(b) - 1;
        System.arraycopy(top, topOff + (t * this.batch + b) * h, hLast, b * h, h);
      }
      hsrc = hLast;
      hOff = 0;
    }
    z = FloatRows.ensure(z, headRows * o);
    FloatRows.setVector(z, 0, headRows, o, p, headB);
    gemm.gemm(false, true, headRows, o, h, 1, hsrc, hOff, h, p, headW, h, 1, z, 0, o);
    boolean backward = grad != null;
    double[] sums = losses(batch, backward);
    if (backward) {
      if (batch.classTargets == null && batch.realTargets == null) {
        throw new IllegalArgumentException("a backward pass needs targets");
      }
      backward(batch, hsrc, hOff, grad.data());
    }
    return new StepResult(sums[0], (long) sums[1], sums[2], finalState());
  }

  /** The embedded input [T·B × E]: row r is the table's row of token r. */
  private void embed(int[] tokens, int rows) {
    embedded = FloatRows.ensure(embedded, rows * e);
    int vocab = config.vocabSize();
    for (int r = 0; r < rows; r++) {
      int tok = tokens[r];
      if (tok < 0 || tok >= vocab) {
        throw new IllegalArgumentException("token id " + tok + " outside the vocabulary 0.." + (vocab - 1));
      }
      System.arraycopy(p, embW + tok * e, embedded, r * e, e);
    }
  }

  /** Layer l's output through its dropout mask (the same masks as the double network's). */
  private void drop(SequenceBatch batch, int l, int rows) {
    int n = rows * h;
    maskScratch = maskScratch != null && maskScratch.length >= n ? maskScratch : new double[n];
    Dropout.mask(config.dropout(), batch, l, h, maskScratch);
    masks[l] = FloatRows.toFloat(maskScratch, 0, n, masks[l]);
    outs[l] = FloatRows.ensure(outs[l], n);
    float[] hs = layers[l].states();
    int off = this.batch * h;
    for (int i = 0; i < n; i++) {
      outs[l][i] = hs[off + i] * masks[l][i];
    }
  }

  /** Layer l's initial h (or c) in float, or null for zeros. */
  private float[] initial(RecurrentState init, boolean cell, int l) {
    double[] s = init == null ? null : cell ? init.c(l) : init.h(l);
    if (s == null) {
      return null;
    }
    float[][] into = cell ? c0 : h0;
    into[l] = FloatRows.toFloat(s, 0, batch * h, into[l]);
    return into[l];
  }

  /**
   * Each row's loss from its logits in double (and dz, scaled by the item's weight); returns
   * {loss sum, items, weight sum}.
   */
  private double[] losses(SequenceBatch batch, boolean backward) {
    itemLoss = itemLoss != null && itemLoss.length >= headRows ? itemLoss : new double[headRows];
    zRow = zRow != null && zRow.length >= o ? zRow : new double[o];
    dzRow = dzRow != null && dzRow.length >= o ? dzRow : new double[o];
    if (backward) {
      dz = FloatRows.ensure(dz, headRows * o);
    }
    boolean manyToOne = config.mode() == OutputMode.MANY_TO_ONE;
    boolean hasTargets = batch.classTargets != null || batch.realTargets != null;
    double lossSum = 0;
    long items = 0;
    double weight = 0;
    for (int r = 0; r < headRows; r++) {
      if (!hasTargets || !batch.scores(r)) {
        itemLoss[r] = 0;
        if (backward) {
          Arrays.fill(dz, r * o, (r + 1) * o, 0);
        }
        continue;
      }
      for (int k = 0; k < o; k++) {
        zRow[k] = z[r * o + k];
      }
      int cls = batch.classTargets == null ? -1 : batch.classTargets[r];
      double w = batch.weight(manyToOne ? r : r % this.batch);
      double li = w * head.loss(zRow, 0, cls, batch.realTargets, r * o, backward ? dzRow : null, 0, false);
      if (backward) {
        for (int k = 0; k < o; k++) {
          dz[r * o + k] = (float) (w * dzRow[k]);
        }
      }
      itemLoss[r] = li;
      lossSum += li;
      items++;
      weight += w;
    }
    return new double[] {lossSum, items, weight};
  }

  private void backward(SequenceBatch batch, float[] hsrc, int hOff, double[] gd) {
    int rows = steps * this.batch;
    g = FloatRows.ensure(g, gd.length);
    Arrays.fill(g, 0, gd.length, 0);
    dA = FloatRows.ensure(dA, rows * h);
    dB = FloatRows.ensure(dB, rows * h);
    gemm.gemm(true, false, o, h, headRows, 1, dz, 0, o, hsrc, hOff, h, 1, g, headW, h);
    FloatRows.addColumnSums(dz, 0, headRows, o, o, g, headB);
    if (config.mode() == OutputMode.MANY_TO_ONE) {
      gemm.gemm(false, false, headRows, h, o, 1, dz, 0, o, p, headW, h, 0, hLast, 0, h);
      Arrays.fill(dA, 0, rows * h, 0);
      for (int b = 0; b < this.batch; b++) {
        int t = batch.length(b) - 1;
        System.arraycopy(hLast, b * h, dA, (t * this.batch + b) * h, h);
      }
    } else {
      gemm.gemm(false, false, headRows, h, o, 1, dz, 0, o, p, headW, h, 0, dA, 0, h);
    }
    float[] dOut = dA;
    float[] dBelow = dB;
    flow.begin(layers.length, steps);
    for (int l = layers.length - 1; l >= 0; l--) {
      float[] dX = l > 0 ? dBelow : e > 0 ? dEmbedded = FloatRows.ensure(dEmbedded, rows * e) : null;
      if (masked) {
        for (int i = 0; i < rows * h; i++) {
          dOut[i] *= masks[l][i];
        }
      }
      layers[l].backward(p, g, dOut, input(l), inputOffset(l), tokens(batch, l), dX, null, null,
          config.truncateSteps());
      flow.add(l, dOut, 0, h, batch);
      float[] swap = dOut;
      dOut = dBelow;
      dBelow = swap;
    }
    if (e > 0) {
      for (int r = 0; r < rows; r++) {
        FloatRows.add(dEmbedded, r * e, g, embW + batch.tokens[r] * e, e);
      }
    }
    for (int i = 0; i < gd.length; i++) {
      gd[i] += g[i];
    }
  }

  private RecurrentState finalState() {
    int bh = batch * h;
    double[][] hn = new double[layers.length][];
    double[][] cn = config.cell() == CellType.LSTM ? new double[layers.length][] : null;
    for (int l = 0; l < layers.length; l++) {
      hn[l] = FloatRows.toDouble(layers[l].states(), steps * bh, bh);
      if (cn != null) {
        cn[l] = FloatRows.toDouble(layers[l].cells(), steps * bh, bh);
      }
    }
    return new RecurrentState(batch, hn, cn, null);
  }

  @Override
  public double[] outputs() {
    double[] out = new double[headRows * o];
    head.outputs(logits(), 0, headRows, out, 0);
    return out;
  }

  @Override
  public double[] logits() {
    return FloatRows.toDouble(z, 0, headRows * o);
  }

  @Override
  public double[] itemLosses() {
    return Arrays.copyOf(itemLoss, headRows);
  }

  @Override
  public double[] hiddenStates(int layer) {
    return FloatRows.toDouble(layers[layer].states(), batch * h, steps * batch * h);
  }

  @Override
  public Map<String, double[]> internals(int layer) {
    return layers[layer].internals();
  }

  @Override
  public void recordGradientFlow(boolean on) {
    flow.record(on);
  }

  @Override
  public double[][] gradientFlowSquares() {
    return flow.squares();
  }
}
