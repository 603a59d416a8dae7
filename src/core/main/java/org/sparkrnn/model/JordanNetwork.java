package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * Jordan net: no hidden-to-hidden loop; the previous step's output feeds the hidden layer.
 *
 * <pre>
 *   s_t = f(W_ih x_t + W_oh y_{t−1} + b),   z_t = V s_t + c,   o_t = g(z_t)
 * </pre>
 *
 * y_{t−1} is o_{t−1} (feedback OUTPUT) or z_{t−1} (RAW); y_0 comes from the initial state (zeros
 * by default). Free-running mode backpropagates through the output loop; teacher forcing feeds
 * the true previous target instead, so all T steps are independent and each is one product over
 * all T·B rows. Names: rnn.weight_ih_l0 [H, I], rnn.weight_oh_l0 [H, O], rnn.bias_ih_l0 [H],
 * linear.weight [O, H], linear.bias [O].
 */
final class JordanNetwork implements Network {
  static final String W_IH = "rnn.weight_ih_l0";
  static final String W_OH = "rnn.weight_oh_l0";
  static final String BIAS = "rnn.bias_ih_l0";

  private final ModelConfig config;
  private final ParamLayout layout;
  private final Gemm gemm;
  private final InputProjection input;
  private final OutputHead head;
  private final int h;
  private final int o;
  private final int wOh;
  private final boolean raw;

  private int steps;
  private int batch;
  private int[] lengths;
  private double[] pre;
  private double[] hs;
  private double[] z;
  private double[] out;
  private double[] fb;
  private double[] itemLoss;
  private double[] dz;
  private double[] dh;
  private double[] dPre;
  private double[] dFb;
  private double[] dFbOut;
  private final GradientFlow flow = new GradientFlow();

  JordanNetwork(ModelConfig config, Gemm gemm) {
    this.config = config;
    this.layout = layout(config);
    this.gemm = gemm;
    this.h = config.hiddenSize();
    this.o = config.outputSize();
    this.input = new InputProjection(gemm, config.inputWidth(), h, config.tokenInput(),
        layout.slot(W_IH).offset(), layout.slot(BIAS).offset());
    this.head = new OutputHead(gemm, layout, h, o, config.loss());
    this.wOh = layout.slot(W_OH).offset();
    this.raw = config.jordanFeedback() == JordanFeedback.RAW;
  }

  static ParamLayout layout(ModelConfig config) {
    int h = config.hiddenSize();
    ParamLayout.Builder b = ParamLayout.builder()
        .matrix(W_IH, h, config.inputWidth())
        .matrix(W_OH, h, config.outputSize())
        .vector(BIAS, h, true);
    OutputHead.addParams(b, h, config.outputSize(), false);
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

  private StepResult run(SequenceBatch b, Params params, Params grad, RecurrentState init,
      InputGradients inputGrads) {
    b.requireFits(config);
    double[] p = params.data();
    gemm.bindConstant(p);
    steps = b.steps;
    batch = b.batch;
    lengths = b.lengths;
    int rows = steps * batch;
    int bh = batch * h;
    int bo = batch * o;
    pre = Rows.ensure(pre, rows * h);
    hs = Rows.ensure(hs, rows * h);
    z = Rows.ensure(z, rows * o);
    out = Rows.ensure(out, rows * o);
    fb = Rows.ensure(fb, (steps + 1) * bo);
    itemLoss = Rows.ensure(itemLoss, rows);
    if (init != null && init.y != null) {
      System.arraycopy(init.y, 0, fb, 0, bo);
    } else {
      Arrays.fill(fb, 0, bo, 0);
    }
    input.forward(p, b.x, 0, b.tokens, rows, pre);
    if (config.teacherForcing()) {
      fillTeacherFeedback(b);
      gemm.gemm(false, true, rows, h, o, 1, fb, 0, o, p, wOh, o, 1, pre, 0, h);
      config.activation().forward(pre, 0, hs, 0, rows * h, config.activationAlpha());
      head.logits(p, hs, 0, rows, z, 0);
      head.outputs(z, 0, rows, out, 0);
    } else {
      for (int t = 0; t < steps; t++) {
        gemm.gemm(false, true, batch, h, o, 1, fb, t * bo, o, p, wOh, o, 1, pre, t * bh, h);
        config.activation().forward(pre, t * bh, hs, t * bh, bh, config.activationAlpha());
        head.logits(p, hs, t * bh, batch, z, t * bo);
        head.outputs(z, t * bo, batch, out, t * bo);
        System.arraycopy(raw ? z : out, t * bo, fb, (t + 1) * bo, bo);
      }
    }
    boolean backward = grad != null;
    if (backward) {
      dz = Rows.ensure(dz, rows * o);
      Arrays.fill(dz, 0, rows * o, 0);
    }
    double lossSum = 0;
    long items = 0;
    double weight = 0;
    boolean hasTargets = b.classTargets != null || b.realTargets != null;
    boolean manyToOne = config.mode() == OutputMode.MANY_TO_ONE;
    Arrays.fill(itemLoss, 0, rows, 0);
    for (int r = 0; r < rows && hasTargets; r++) {
      int t = r / batch;
      int s = r % batch;
      int target = manyToOne ? s : r;
      boolean counts = manyToOne ? t == b.length(s) - 1 && b.scores(s) : b.scores(r);
      if (counts) {
        int cls = b.classTargets == null ? -1 : b.classTargets[target];
        double li = head.loss(z, r * o, cls, b.realTargets, target * o, backward ? dz : null, r * o, false);
        double w = b.weight(s);
        if (w != 1) {
          li *= w;
          OutputHead.scaleRow(backward ? dz : null, r * o, o, w);
        }
        itemLoss[r] = li;
        lossSum += li;
        items++;
        weight += w;
      }
    }
    if (backward) {
      if (!hasTargets) {
        throw new IllegalArgumentException("a backward pass needs targets");
      }
      backward(b, p, grad.data(), inputGrads);
    }
    double[] y = Arrays.copyOfRange(fb, steps * bo, (steps + 1) * bo);
    double[][] hn = {Arrays.copyOfRange(hs, (steps - 1) * bh, steps * bh)};
    return new StepResult(lossSum, items, weight, new RecurrentState(batch, hn, null, y));
  }

  /** Teacher forcing: y_t fed to step t+1 is the target of step t (one-hot for class ids). */
  private void fillTeacherFeedback(SequenceBatch b) {
    for (int r = 0; r < steps * batch; r++) {
      int dst = (r + batch) * o;
      if (!b.valid(r / batch, r % batch)) {
        Arrays.fill(fb, dst, dst + o, 0);
      } else if (b.classTargets != null) {
        Arrays.fill(fb, dst, dst + o, 0);
        fb[dst + b.classTargets[r]] = 1;
      } else {
        System.arraycopy(b.realTargets, r * o, fb, dst, o);
      }
    }
  }

  private void backward(SequenceBatch b, double[] p, double[] g, InputGradients inputGrads) {
    int rows = steps * batch;
    int bh = batch * h;
    int bo = batch * o;
    int truncate = config.truncateSteps();
    dh = Rows.ensure(dh, rows * h);
    dPre = Rows.ensure(dPre, rows * h);
    double alpha = config.activationAlpha();
    Activation act = config.activation();
    if (config.teacherForcing()) {
      head.backward(p, g, dz, 0, rows, hs, 0, dh, 0);
      act.backward(pre, 0, hs, 0, dh, 0, dPre, 0, rows * h, alpha);
    } else {
      dFb = Rows.ensure(dFb, bo);
      dFbOut = Rows.ensure(dFbOut, bo);
      Arrays.fill(dFb, 0, bo, 0);
      for (int t = steps - 1; t >= 0; t--) {
        if (raw) {
          Rows.add(dFb, 0, dz, t * bo, bo);
        } else {
          for (int s = 0; s < batch; s++) {
            head.outputBackward(out, (t * batch + s) * o, dFb, s * o, dFbOut, s * o);
          }
          Rows.add(dFbOut, 0, dz, t * bo, bo);
        }
        gemm.gemm(false, false, batch, h, o, 1, dz, t * bo, o, p, head.weightOffset, h, 0, dh, t * bh, h);
        act.backward(pre, t * bh, hs, t * bh, dh, t * bh, dPre, t * bh, bh, alpha);
        if (RecurrentLayer.cut(t, truncate)) {
          Arrays.fill(dFb, 0, bo, 0);
        } else {
          gemm.gemm(false, false, batch, o, h, 1, dPre, t * bh, h, p, wOh, o, 0, dFb, 0, o);
        }
      }
      head.backward(p, g, dz, 0, rows, hs, 0, null, 0);
    }
    flow.begin(1, steps);
    flow.add(0, dh, 0, h, b); // dh holds ∂E/∂s_t: through z_t, which carries the feedback's share
    gemm.gemm(true, false, h, o, rows, 1, dPre, 0, h, fb, 0, o, 1, g, wOh, o);
    double[] dX = null;
    if (inputGrads != null) {
      inputGrads.dInit = RecurrentState.zeros(config, batch);
      if (!config.teacherForcing()) {
        System.arraycopy(dFb, 0, inputGrads.dInit.y, 0, bo);
      } else {
        gemm.gemm(false, false, batch, o, h, 1, dPre, 0, h, p, wOh, o, 0, inputGrads.dInit.y, 0, o);
      }
      if (b.x != null) {
        dX = inputGrads.dx = new double[rows * config.inputSize()];
      }
    }
    input.backward(p, g, dPre, b.x, 0, b.tokens, rows, dX, 0);
  }

  @Override
  public double[] outputs() {
    return select(out, o);
  }

  @Override
  public double[] logits() {
    return select(z, o);
  }

  @Override
  public double[] itemLosses() {
    return select(itemLoss, 1);
  }

  /** Many-to-many: all rows; many-to-one: the row of each sequence's last step. */
  private double[] select(double[] src, int width) {
    if (config.mode() == OutputMode.MANY_TO_MANY) {
      return Arrays.copyOf(src, steps * batch * width);
    }
    double[] sel = new double[batch * width];
    for (int s = 0; s < batch; s++) {
      int r = (lengths == null ? steps - 1 : lengths[s] - 1) * batch + s;
      System.arraycopy(src, r * width, sel, s * width, width);
    }
    return sel;
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
    return java.util.Map.of("a", Arrays.copyOf(pre, steps * batch * h));
  }

  @Override
  public double[] hiddenStates(int layer) {
    return Arrays.copyOf(hs, steps * batch * h);
  }
}
