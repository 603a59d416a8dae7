package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.CellType;

/** {@code bench} at toy sizes: runs, and reports a positive tokens/s. */
class BenchCommandTest {

  @Test
  void tinyBenchPrintsPositiveTokensPerSecond() {
    CliRun r = CliRun.of("bench", "--hidden", "8", "--seq", "4", "--batch", "2", "--steps", "2",
        "--warmup", "1", "--models", "lstm");
    assertEquals(0, r.code(), r::toString);
    for (String precision : new String[] {"f64", "f32"}) {
      Matcher m = Pattern.compile("(?m)^lstm\\s+" + precision + "\\s+([\\d,]+)\\s").matcher(r.out());
      assertTrue(m.find(), r::toString);
      assertTrue(Double.parseDouble(m.group(1).replace(",", "")) > 0, r::toString);
    }
    assertTrue(r.out().contains("backend blas:"), r::toString);
    assertTrue(r.out().contains("dgemm peak:"), r::toString);
    assertTrue(r.out().contains("sgemm peak:"), r::toString);
  }

  @Test
  void flopCountOfTheLstmStep() {
    // 6·(4·256·256 + 256·65): the dense products of forward + backward per token
    assertEquals(6.0 * (4 * 256 * 256 + 256 * 65), BenchCommand.flopsPerToken(CellType.LSTM, 65, 256));
  }
}
