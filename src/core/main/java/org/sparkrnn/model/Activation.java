package org.sparkrnn.model;

/**
 * Element-wise nonlinearities of the recurrence, each with its derivative beside it. The
 * derivative is taken from the pre-activation {@code a} and the output {@code s = f(a)}, whichever
 * is exact and cheaper. ReLU and leaky ReLU use derivative 0 (resp. alpha) at a = 0, as PyTorch.
 */
public enum Activation {
  TANH, RELU, SIGMOID, LEAKY_RELU, ELU, IDENTITY;

  /** Default alpha: slope of leaky ReLU for a < 0, scale of ELU. */
  public static final double DEFAULT_LEAKY_ALPHA = 0.01;
  public static final double DEFAULT_ELU_ALPHA = 1.0;

  public static Activation parse(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
      case "tanh" -> TANH;
      case "relu" -> RELU;
      case "sigmoid" -> SIGMOID;
      case "leaky_relu", "leakyrelu" -> LEAKY_RELU;
      case "elu" -> ELU;
      case "identity", "linear" -> IDENTITY;
      default -> throw new IllegalArgumentException("unknown activation '" + name
          + "' (use tanh, relu, sigmoid, leaky_relu, elu, identity)");
    };
  }

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** s[sOff+i] = f(a[aOff+i]) for i < n (in place when the arrays and offsets coincide). */
  public void forward(double[] a, int aOff, double[] s, int sOff, int n, double alpha) {
    switch (this) {
      case TANH -> {
        for (int i = 0; i < n; i++) {
          s[sOff + i] = Tanh.of(a[aOff + i]);
        }
      }
      case RELU -> {
        for (int i = 0; i < n; i++) {
          double v = a[aOff + i];
          s[sOff + i] = v > 0 ? v : 0;
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          s[sOff + i] = sigmoid(a[aOff + i]);
        }
      }
      case LEAKY_RELU -> {
        for (int i = 0; i < n; i++) {
          double v = a[aOff + i];
          s[sOff + i] = v > 0 ? v : alpha * v;
        }
      }
      case ELU -> {
        for (int i = 0; i < n; i++) {
          double v = a[aOff + i];
          s[sOff + i] = v > 0 ? v : alpha * Math.expm1(v);
        }
      }
      case IDENTITY -> System.arraycopy(a, aOff, s, sOff, n);
      default -> throw new AssertionError(this);
    }
  }

  /** da[i] = ds[i] · f'(a[i]), with s = f(a) already computed. */
  public void backward(double[] a, int aOff, double[] s, int sOff, double[] ds, int dsOff,
      double[] da, int daOff, int n, double alpha) {
    switch (this) {
      case TANH -> {
        for (int i = 0; i < n; i++) {
          double y = s[sOff + i];
          da[daOff + i] = ds[dsOff + i] * (1 - y * y);
        }
      }
      case RELU -> {
        for (int i = 0; i < n; i++) {
          da[daOff + i] = a[aOff + i] > 0 ? ds[dsOff + i] : 0;
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          double y = s[sOff + i];
          da[daOff + i] = ds[dsOff + i] * y * (1 - y);
        }
      }
      case LEAKY_RELU -> {
        for (int i = 0; i < n; i++) {
          da[daOff + i] = a[aOff + i] > 0 ? ds[dsOff + i] : alpha * ds[dsOff + i];
        }
      }
      case ELU -> {
        for (int i = 0; i < n; i++) {
          da[daOff + i] = a[aOff + i] > 0 ? ds[dsOff + i] : ds[dsOff + i] * (s[sOff + i] + alpha);
        }
      }
      case IDENTITY -> System.arraycopy(ds, dsOff, da, daOff, n);
      default -> throw new AssertionError(this);
    }
  }

  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
