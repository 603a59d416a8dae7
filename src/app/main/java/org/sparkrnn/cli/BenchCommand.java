package org.sparkrnn.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Sgemm;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;
import org.sparkrnn.model.StepResult;
import org.sparkrnn.train.Adam;
import org.sparkrnn.train.GradientClipping;

/**
 * {@code bench}: single-thread training throughput of the character model of
 * bench/peers/torch_rnn_throughput.py — token input of V classes, one recurrent layer of H,
 * a V-way softmax cross-entropy head at every step, T steps, B sequences — doing what one
 * PyTorch step does: forward, backward, mean gradient, global-norm clip at 5, Adam step. Timed
 * like the script: warm-up steps, then wall time over the timed steps on one fixed batch of
 * random tokens.
 */
public final class BenchCommand implements Command {
  static final double LR = 2e-3;
  static final double CLIP = 5.0;
  /** The product the peak is measured on: C[m×n] = A[m×k]·B[k×n]. */
  static final int PEAK_M = 2048;
  static final int PEAK_K = 1024;
  static final int PEAK_N = 256;

  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--models", "LIST", "elman,lstm,gru", "comma-separated models: elman, lstm, gru"),
      Options.valued("--steps", "N", "20", "timed steps per model"),
      Options.valued("--warmup", "N", "3", "untimed steps before them"),
      Options.valued("--hidden", "H", "256", "hidden size"),
      Options.valued("--seq", "T", "64", "sequence length"),
      Options.valued("--batch", "B", "32", "sequences per step"),
      Options.valued("--vocab", "V", "65", "vocabulary (token input and softmax output)"),
      Options.valued("--backend", "blas|ejml", "blas", "dense product backend of the f64 runs"),
      Options.valued("--precision", "LIST", "f64,f32", "comma-separated: f64 (double throughout) and/or"
          + " f32 (train.precision=f32: activations, their gradients and the products in float; Adam in double)"),
      Options.valued("--seed", "N", "0", "seed of the data and the initial weights"),
      Options.flag("--torch", "also run the PyTorch benchmark (one thread, at each precision) and compare"),
      Options.valued("--torch-script", "PATH", null,
          "the PyTorch benchmark (default: bench/peers/torch_rnn_throughput.py of the project)"),
      Options.valued("--python", "PATH", "/usr/bin/python3", "interpreter that has torch"));

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "training tokens/s of Elman, LSTM and GRU (optionally against PyTorch)";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn bench [options]", """
        Measures single-thread training throughput, tokens/s, of a character model: token input
        (vocabulary V), one recurrent layer of H units, a V-way softmax cross-entropy output at
        each of T steps, B sequences per step. A step is forward + backward, the mean gradient
        over the B*T tokens, global-norm clipping at 5 and an Adam step (lr 2e-3): the work of
        bench/peers/torch_rnn_throughput.py, timed the same way (warm-up steps, then the
        timed steps). Each model runs at each --precision: f64 is double throughout, f32 is the
        float32 network of train.precision=f32 (activations, their gradients and the products,
        sgemm, in float; the summed gradient, clipping and Adam in double). Also
        prints the GFLOP/s the step reaches in its dense products against the BLAS peak
        (dgemm for f64, sgemm for f32) on a 2048x1024x256 product.
        """, OPTIONS);
  }

  /**
   * The peer script of the project the launcher runs from ({@code -Dspark-rnn.home}, set by
   * jobs/spark-rnn), else of the working directory.
   */
  static Path defaultTorchScript() {
    return Path.of(System.getProperty("spark-rnn.home", "."), "bench", "peers", "torch_rnn_throughput.py");
  }

  /** One model's measurement. */
  record Result(String model, String precision, double tokensPerSecond, double flopsPerToken, double firstLoss, double lastLoss) {
    double gflops() {
      return tokensPerSecond * flopsPerToken / 1e9;
    }
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(name(), OPTIONS, args);
    List<String> models = o.choices("--models", "elman", "lstm", "gru");
    int steps = o.integer("--steps", 1, 1_000_000);
    int warmup = o.integer("--warmup", 0, 1_000_000);
    int hidden = o.integer("--hidden", 1, 1 << 16);
    int seq = o.integer("--seq", 1, 1 << 20);
    int batch = o.integer("--batch", 1, 1 << 20);
    int vocab = o.integer("--vocab", 2, 1 << 24);
    String backend = o.choice("--backend", "blas", "ejml");
    List<String> precisions = o.choices("--precision", "f64", "f32");
    long seed = o.longValue("--seed");
    boolean torch = o.flag("--torch");
    Path script = o.has("--torch-script") ? Path.of(o.require("--torch-script")) : defaultTorchScript();
    String python = o.require("--python");
    if (torch && o.has("--torch-script") && !script.toFile().isFile()) {
      throw CliException.usage("option --torch-script: no such file: " + script);
    }
    if ((long) seq * batch * Math.max(hidden, vocab) * 4L > Integer.MAX_VALUE) {
      throw CliException.usage("T*B*max(H,V)*4 = " + (long) seq * batch * Math.max(hidden, vocab) * 4L
          + " values do not fit one buffer; choose smaller --seq, --batch, --hidden or --vocab");
    }

    Gemm gemm = Backends.create(backend);
    out.printf("bench: backend %s, OPENBLAS_NUM_THREADS=%s, java %s%n", gemm.name(),
        System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"), System.getProperty("java.version"));
    out.printf("model: token input V=%d, hidden H=%d, T=%d, B=%d (%d tokens/step), softmax CE at every"
        + " step; Adam lr %s, clip norm %s; %d warm-up + %d timed steps, seed %d%n",
        vocab, hidden, seq, batch, seq * batch, fmtDouble(LR), fmtDouble(CLIP), warmup, steps, seed);
    out.flush();

    // the peaks are measured before and after the models and the better kept: a noisy
    // machine lowers a measurement, it never raises one
    Map<String, Double> peaks = new java.util.LinkedHashMap<>();
    for (String precision : precisions) {
      peaks.put(precision, peakGflops(precision, gemm, seed));
    }
    List<Result> results = new ArrayList<>();
    for (String model : models) {
      for (String precision : precisions) {
        Result r = measure(model, precision, gemm, vocab, hidden, seq, batch, warmup, steps, seed);
        if (!Double.isFinite(r.lastLoss())) {
          throw CliException.failed(model + " " + precision + ": the loss became " + r.lastLoss()
              + " during the benchmark");
        }
        results.add(r);
      }
    }
    for (String precision : precisions) {
      peaks.merge(precision, peakGflops(precision, gemm, seed), Math::max);
      out.printf("%s peak: %.1f GFLOP/s (C[%dx%d] = A[%dx%d]*B[%dx%d] through %s, best of 10)%n",
          precision.equals("f32") ? "sgemm" : "dgemm", peaks.get(precision), PEAK_M, PEAK_N,
          PEAK_M, PEAK_K, PEAK_K, PEAK_N, precision.equals("f32") ? new Sgemm().name() : gemm.name());
    }
    out.flush();

    Map<String, Map<String, TorchBaseline.Run>> torchRuns = new java.util.HashMap<>();
    if (torch) {
      for (String precision : precisions) {
        Map<String, TorchBaseline.Run> runs = TorchBaseline.run(python, script, precision, out);
        if (runs != null) {
          torchRuns.put(precision, runs);
        }
      }
    }
    out.println();
    printTable(out, results, torchRuns, vocab, hidden, seq, batch, peaks);
    return 0;
  }

  /**
   * Builds the model (f64: the double network on {@code gemm}; f32: the float32 network of
   * train.precision=f32), runs warm-up and timed steps, returns tokens/s.
   */
  static Result measure(String model, String precision, Gemm gemm, int vocab, int hidden, int seq, int batch,
      int warmup, int steps, long seed) {
    CellType cell = CellType.parse(model);
    ModelConfig config = ModelConfig.builder()
        .cell(cell)
        .activation(Activation.TANH)
        .vocabSize(vocab)
        .hiddenSize(hidden)
        .outputSize(vocab)
        .build();
    Network net = precision.equals("f32") ? Network.singlePrecision(config) : Network.create(config, gemm);
    Params params = new Params(net.layout());
    initUniform(params.data(), 1 / Math.sqrt(hidden), new SplittableRandom(seed));
    Params grad = params.zerosLike();
    Adam adam = new Adam(params.data().length);
    GradientClipping clip = GradientClipping.norm(CLIP);

    // T+1 random tokens per sequence, time-major (row t·B + b): input t, target t+1, as the script
    SplittableRandom rnd = new SplittableRandom(seed + 1);
    int[] idx = new int[(seq + 1) * batch];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = rnd.nextInt(vocab);
    }
    int[] tokens = java.util.Arrays.copyOfRange(idx, 0, seq * batch);
    int[] targets = java.util.Arrays.copyOfRange(idx, batch, (seq + 1) * batch);
    SequenceBatch data = SequenceBatch.tokens(batch, seq, tokens, targets, null, true, null);

    double firstLoss = Double.NaN;
    double lastLoss = Double.NaN;
    for (int s = 0; s < warmup; s++) {
      double loss = step(net, data, params, grad, clip, adam);
      firstLoss = s == 0 ? loss : firstLoss;
    }
    long t0 = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      lastLoss = step(net, data, params, grad, clip, adam);
      firstLoss = Double.isNaN(firstLoss) ? lastLoss : firstLoss;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double tokensPerSecond = (double) steps * seq * batch / seconds;
    return new Result(model, precision, tokensPerSecond, flopsPerToken(cell, vocab, hidden), firstLoss, lastLoss);
  }

  /**
   * One training step as PyTorch does it: zero the gradient, forward + backward (a sum over the
   * tokens), divide by the token count (CrossEntropyLoss's mean), clip the global norm, Adam.
   * Returns the mean loss per token.
   */
  private static double step(Network net, SequenceBatch data, Params params, Params grad,
      GradientClipping clip, Adam adam) {
    grad.fill(0);
    StepResult r = net.forwardBackward(data, params, grad, null, null);
    double[] g = grad.data();
    double inv = 1.0 / r.items();
    for (int i = 0; i < g.length; i++) {
      g[i] *= inv;
    }
    clip.apply(g);
    adam.step(params.data(), g, LR);
    return r.lossSum() * inv;
  }

  /**
   * FLOPs of the dense products per token of one training step, G the gate count (Elman 1, GRU 3,
   * LSTM 4). Forward: the recurrent product h_{t-1}·W_hhᵀ, 2·H·(G·H), and the head h_t·Wᵀ, 2·H·V
   * (a product m×k by k×n costs 2·m·n·k; per token m = 1). The input projection of a token is a
   * row gather, not a product, and is not counted (PyTorch's one-hot input makes it a product of
   * 2·V·G·H more). Backward does two products per forward product (the weight gradient and the
   * gradient of the product's input), so
   * <pre>  flops/token = 3 · 2 · (G·H·H + H·V)</pre>
   * Element-wise work (activations, softmax, Adam) is left out.
   */
  static double flopsPerToken(CellType cell, int vocab, int hidden) {
    double g = cell.gates;
    return 3 * 2 * (g * hidden * hidden + (double) hidden * vocab);
  }

  /** Uniform(−bound, bound) for every entry, as PyTorch's RNN and Linear defaults (bound 1/√H). */
  static void initUniform(double[] p, double bound, SplittableRandom rnd) {
    for (int i = 0; i < p.length; i++) {
      p[i] = (2 * rnd.nextDouble() - 1) * bound;
    }
  }

  /**
   * Best GFLOP/s of 5 timed products C = A·B of PEAK_M×PEAK_K by PEAK_K×PEAK_N (after 2 untimed):
   * through {@code gemm} for f64, through BLAS sgemm on float arrays for f32.
   */
  static double peakGflops(String precision, Gemm gemm, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed + 2);
    double[] a = new double[PEAK_M * PEAK_K];
    double[] b = new double[PEAK_K * PEAK_N];
    double[] c = new double[PEAK_M * PEAK_N];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble() - 0.5;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextDouble() - 0.5;
    }
    boolean f32 = precision.equals("f32");
    float[] fa = f32 ? toFloat(a) : null;
    float[] fb = f32 ? toFloat(b) : null;
    float[] fc = f32 ? new float[c.length] : null;
    dev.ludovic.netlib.blas.BLAS blas = dev.ludovic.netlib.blas.BLAS.getInstance();
    double flops = 2.0 * PEAK_M * PEAK_N * PEAK_K;
    double best = Double.POSITIVE_INFINITY;
    for (int rep = 0; rep < 7; rep++) {
      long t0 = System.nanoTime();
      if (f32) {
        blas.sgemm("N", "N", PEAK_N, PEAK_M, PEAK_K, 1f, fb, 0, PEAK_N, fa, 0, PEAK_K, 0f, fc, 0, PEAK_N);
      } else {
        gemm.gemm(false, false, PEAK_M, PEAK_N, PEAK_K, 1, a, 0, PEAK_K, b, 0, PEAK_N, 0, c, 0, PEAK_N);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (rep >= 2) {
        best = Math.min(best, s);
      }
    }
    return flops / best / 1e9;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static void printTable(PrintStream out, List<Result> results,
      Map<String, Map<String, TorchBaseline.Run>> torch, int vocab, int hidden, int seq, int batch,
      Map<String, Double> peaks) {
    String torchHead = "torch tok/s";
    boolean torchSizesDiffer = false;
    for (Map<String, TorchBaseline.Run> runs : torch.values()) {
      torchHead = "torch " + runs.values().iterator().next().version() + " tok/s";
    }
    String fmt = "%-6s %4s %12s %" + Math.max(15, torchHead.length()) + "s %7s %10s %8s %7s %14s%n";
    out.printf(fmt, "model", "prec", "tokens/s", torchHead, "ratio", "MFLOP/tok", "GFLOP/s", "% peak",
        "loss first->last");
    for (Result r : results) {
      String theirs = "-";
      String ratio = "-";
      Map<String, TorchBaseline.Run> runs = torch.get(r.precision());
      TorchBaseline.Run t = runs == null ? null : runs.get(r.model());
      if (t != null) {
        theirs = String.format(Locale.ROOT, "%,.0f", t.tokensPerSecond());
        if (t.vocab() == vocab && t.hidden() == hidden && t.seq() == seq && t.batch() == batch) {
          ratio = String.format(Locale.ROOT, "%.2f", r.tokensPerSecond() / t.tokensPerSecond());
        } else {
          torchSizesDiffer = true;
        }
      }
      out.printf(Locale.ROOT, fmt, r.model(), r.precision(),
          String.format(Locale.ROOT, "%,.0f", r.tokensPerSecond()),
          theirs, ratio, String.format(Locale.ROOT, "%.3f", r.flopsPerToken() / 1e6),
          String.format(Locale.ROOT, "%.1f", r.gflops()),
          String.format(Locale.ROOT, "%.0f%%", 100 * r.gflops() / peaks.get(r.precision())),
          String.format(Locale.ROOT, "%.3f->%.3f", r.firstLoss(), r.lastLoss()));
    }
    if (torchSizesDiffer) {
      out.println("(no ratio: the PyTorch script runs V=65 H=256 T=64 B=32, not these sizes)");
    }
    out.println("ratio = ours / PyTorch at the same precision; GFLOP/s counts the dense products only:"
        + " 6*(G*H*H + H*V) per token; % peak is of dgemm (f64) or sgemm (f32)");
  }

  private static String fmtDouble(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
