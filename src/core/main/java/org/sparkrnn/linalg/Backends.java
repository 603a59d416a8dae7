package org.sparkrnn.linalg;

/**
 * Chooses the product backend by name: "blas" (default, double), "blas-f32" (single-precision
 * products, {@link FloatGemm}) or "ejml" (the reference).
 */
public final class Backends {
  private Backends() {}

  public static Gemm create(String name) {
    return switch (name) {
      case "blas" -> new BlasGemm();
      case "blas-f32" -> new FloatGemm();
      case "ejml" -> new Ejml();
      default -> throw new IllegalArgumentException(
          "unknown linear-algebra backend '" + name + "' (use blas, blas-f32 or ejml)");
    };
  }

  public static Gemm defaultBackend() {
    return create(System.getProperty("sparkrnn.backend", "blas"));
  }
}
