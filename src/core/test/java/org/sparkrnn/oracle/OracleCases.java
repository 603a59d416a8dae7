package org.sparkrnn.oracle;

import java.nio.file.Path;

/** Where the PyTorch reference cases live in the repository (README there). */
public final class OracleCases {
  private OracleCases() {}

  /** The directory of case files, relative to the project root (the tests' working directory). */
  public static Path dir() {
    return Path.of("src", "core", "test", "resources", "oracle");
  }
}
