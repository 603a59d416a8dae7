package org.sparkrnn.model;

/**
 * The element-wise functions of the float32 network. tanh is the odd 13/6 rational approximation
 * Eigen and XLA use for float (clamped at ±7.905, where float tanh rounds to ±1), within a few ulp
 * of float tanh; sigmoid is ½ + ½·tanh(x/2), accurate in absolute terms (~1e-7), not relative to
 * its own tiny values far below 0 (0 below x ≈ −15.8). Both are branch-free multiply-adds and one
 * division, so loops over them compile to vector instructions, where Math.exp would be a call per
 * value.
 */
final class FloatMath {
  private static final float CLAMP = 7.90531110763549805f;
  private static final float A1 = 4.89352455891786e-03f;
  private static final float A3 = 6.37261928875436e-04f;
  private static final float A5 = 1.48572235717979e-05f;
  private static final float A7 = 5.12229709037114e-08f;
  private static final float A9 = -8.60467152213735e-11f;
  private static final float A11 = 2.00018790482477e-13f;
  private static final float A13 = -2.76076847742355e-16f;
  private static final float B0 = 4.89352518554385e-03f;
  private static final float B2 = 2.26843463243900e-03f;
  private static final float B4 = 1.18534705686654e-04f;
  private static final float B6 = 1.19825839466702e-06f;

  private FloatMath() {}

  static float tanh(float v) {
    float x = Math.max(-CLAMP, Math.min(CLAMP, v));
    float x2 = x * x;
    float p = ((((((A13 * x2 + A11) * x2 + A9) * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
    float q = ((B6 * x2 + B4) * x2 + B2) * x2 + B0;
    return p / q;
  }

  static float sigmoid(float v) {
    return 0.5f + 0.5f * tanh(0.5f * v);
  }

  /**
   * s[off+i] = f(s[off+i]) for i < n, in place: a loop that reads and writes one array at one
   * index is one the JIT vectorizes (from one float array into another it did not, measured).
   */
  static void apply(Activation f, float[] s, int off, int n, float alpha) {
    switch (f) {
      case TANH -> {
        for (int i = off; i < off + n; i++) {
          s[i] = tanh(s[i]);
        }
      }
      case RELU -> {
        for (int i = off; i < off + n; i++) {
          s[i] = s[i] > 0 ? s[i] : 0; // as Activation: NaN gives 0, where Math.max passes it
        }
      }
      case SIGMOID -> {
        for (int i = off; i < off + n; i++) {
          s[i] = sigmoid(s[i]);
        }
      }
      case LEAKY_RELU -> {
        for (int i = off; i < off + n; i++) {
          float v = s[i];
          s[i] = v > 0 ? v : alpha * v;
        }
      }
      case ELU -> {
        for (int i = off; i < off + n; i++) {
          float v = s[i];
          s[i] = v > 0 ? v : alpha * (float) Math.expm1(v);
        }
      }
      case IDENTITY -> { }
      default -> throw new AssertionError(f);
    }
  }

  /** da[i] = ds[i] · f'(a[i]), with s = f(a); the derivatives of {@link Activation#backward}. */
  static void backward(Activation f, float[] a, int aOff, float[] s, int sOff, float[] ds,
      int dsOff, float[] da, int daOff, int n, float alpha) {
    switch (f) {
      case TANH -> {
        for (int i = 0; i < n; i++) {
          float y = s[sOff + i];
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
          float y = s[sOff + i];
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
      default -> throw new AssertionError(f);
    }
  }
}
