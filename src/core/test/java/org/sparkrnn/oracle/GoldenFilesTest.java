package org.sparkrnn.oracle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkrnn.linalg.Backends;

/** Every PyTorch reference case in src/core/test/resources/oracle, with both product backends, to 1e-9. */
class GoldenFilesTest {

  static Path goldenDir() {
    return OracleCases.dir();
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(goldenDir())) {
      List<Path> list = files
          .filter(p -> p.getFileName().toString().matches("\\d\\d_.*\\.json"))
          .sorted().toList();
      assertFalse(list.isEmpty(), "no golden files in " + goldenDir().toAbsolutePath());
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0} blas")
  @MethodSource("cases")
  void matchesPyTorchWithBlas(Path file) throws IOException {
    check(file, "blas");
  }

  @ParameterizedTest(name = "{0} ejml")
  @MethodSource("cases")
  void matchesPyTorchWithEjml(Path file) throws IOException {
    check(file, "ejml");
  }

  private static void check(Path file, String backend) throws IOException {
    CaseReport report = OracleRunner.check(GoldenCase.read(file), Backends.create(backend));
    StringBuilder detail = new StringBuilder();
    for (CaseReport.Entry e : report.entries()) {
      detail.append(String.format("%n  %-40s %.3e", e.quantity(), e.relError()));
    }
    assertTrue(report.entries().size() >= 8, "too few quantities compared:" + detail);
    for (String skipped : report.skipped()) {
      assertTrue(skipped.matches("intermediate_gradients\\.(logits|y|a|c.*)"),
          report.name() + ": a value the engine has was not compared: " + skipped);
    }
    assertTrue(report.maxError() <= 1e-9, report.name() + " max relative error "
        + report.maxError() + detail);
  }
}
