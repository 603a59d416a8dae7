package org.sparkrnn.linalg;

/** Chooses the product backend: "blas" (default) or "ejml", by name. */
public final class Backends {
  private Backends() {}

  public static Gemm create(String name) {
    return switch (name) {
      case "blas" -> new BlasGemm();
      case "ejml" -> new Ejml();
      default -> throw new IllegalArgumentException(
          "unknown linear-algebra backend '" + name + "' (use blas or ejml)");
    };
  }

  public static Gemm defaultBackend() {
    return create(System.getProperty("sparkrnn.backend", "blas"));
  }
}
