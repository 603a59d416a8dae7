package org.sparkrnn.model;

import java.util.Set;

/**
 * How parameters start. {@code input} applies to input, output-feedback and head weights;
 * {@code recurrent} to W_hh (per gate block). Names: torch (PyTorch's default U(±1/√H) for every
 * tensor, biases included), xavier_uniform, xavier_normal, normal (N(0, normalStd)), and for the
 * recurrent matrix also orthogonal and identity (IRNN), both times {@code recurrentScale}. Biases
 * start at zero except with torch, and the LSTM forget gate's b_ih block starts at
 * {@code forgetBias}. An embedding table starts N(0, embeddingStd) whatever the scheme
 * (nn.Embedding's N(0, 1) by default).
 */
public record InitConfig(String input, String recurrent, double recurrentScale, double forgetBias,
    double normalStd, double embeddingStd) {
  static final Set<String> INPUT = Set.of("torch", "xavier_uniform", "xavier_normal", "normal");
  static final Set<String> RECURRENT = Set.of("torch", "xavier_uniform", "xavier_normal", "normal",
      "orthogonal", "identity");

  public InitConfig {
    if (!INPUT.contains(input)) {
      throw new IllegalArgumentException("init.input: unknown '" + input + "' (use " + String.join(", ", INPUT) + ")");
    }
    if (!RECURRENT.contains(recurrent)) {
      throw new IllegalArgumentException("init.recurrent: unknown '" + recurrent + "' (use "
          + String.join(", ", RECURRENT) + ")");
    }
    if (!(recurrentScale > 0) || !Double.isFinite(recurrentScale)) {
      throw new IllegalArgumentException("init.recurrent_scale must be > 0, got " + recurrentScale);
    }
    if (!Double.isFinite(forgetBias)) {
      throw new IllegalArgumentException("init.forget_bias must be finite");
    }
    if (!(normalStd > 0)) {
      throw new IllegalArgumentException("init.normal_std must be > 0, got " + normalStd);
    }
    if (!(embeddingStd > 0) || !Double.isFinite(embeddingStd)) {
      throw new IllegalArgumentException("init.embedding_std must be > 0, got " + embeddingStd);
    }
  }

  /** The embedding table at nn.Embedding's N(0, 1). */
  public InitConfig(String input, String recurrent, double recurrentScale, double forgetBias,
      double normalStd) {
    this(input, recurrent, recurrentScale, forgetBias, normalStd, 1.0);
  }

  /** Xavier-uniform inputs, orthogonal recurrence, zero biases, LSTM forget bias 1. */
  public static InitConfig defaults() {
    return new InitConfig("xavier_uniform", "orthogonal", 1.0, 1.0, 0.01);
  }

  /** PyTorch's own initialisation of nn.RNN / LSTM / GRU + Linear. */
  public static InitConfig torch() {
    return new InitConfig("torch", "torch", 1.0, 0.0, 0.01);
  }

  /** IRNN (Le, Jaitly & Hinton 2015): W_hh = scale · I, small normal inputs. */
  public static InitConfig irnn(double scale) {
    return new InitConfig("normal", "identity", scale, 0.0, 0.001);
  }
}
