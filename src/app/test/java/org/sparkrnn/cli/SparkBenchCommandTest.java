package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench-spark} at toy sizes in local[2]: the lines the benchmark scripts read. */
class SparkBenchCommandTest {

  @Test
  void tinyBenchPrintsTokensOverheadAndHeap() {
    CliRun r = CliRun.of("bench-spark", "--hidden", "8", "--seq", "4", "--batch", "4", "--steps",
        "3", "--warmup", "1", "--partitions", "2", "--precision", "f32");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("LocalTrainer, 1 thread:"), r::toString);
    Matcher m = Pattern.compile("(?m)^Spark local\\[2\\], 2 partitions: +([\\d,]+) tokens/s")
        .matcher(r.out());
    assertTrue(m.find(), r::toString);
    assertTrue(Double.parseDouble(m.group(1).replace(",", "")) > 0, r::toString);
    assertTrue(Pattern.compile("(?m)^Spark step \\(spark.sync=auto: barrier\\): [\\d.]+ ms wall, "
        + "[\\d.]+ ms slowest task compute \\(tasks' mean [\\d.]+ ms\\), overhead -?[\\d.]+% of "
        + "the step, waiting for the slowest task [\\d.]+%$").matcher(r.out()).find(),
        r::toString);
    assertTrue(Pattern.compile("(?m)^peak heap: [\\d,]+ MiB").matcher(r.out()).find(), r::toString);
  }

  @Test
  void noLocalSkipsTheLocalTrainer() {
    CliRun r = CliRun.of("bench-spark", "--hidden", "8", "--seq", "4", "--batch", "4", "--steps",
        "2", "--warmup", "1", "--no-local", "--sync", "jobs");
    assertEquals(0, r.code(), r::toString);
    assertFalse(r.out().contains("LocalTrainer"), r::toString);
    assertTrue(r.out().contains("partitions:"), r::toString);
    assertTrue(r.out().contains("Spark step (spark.sync=jobs):"), r::toString);
  }

  @Test
  void severalPartitionCountsTakeTurnsAndGiveTheMedianRatio() {
    CliRun r = CliRun.of("bench-spark", "--hidden", "8", "--seq", "4", "--batch", "4", "--steps",
        "2", "--warmup", "1", "--no-local", "--partitions", "1,2", "--rounds", "2");
    assertEquals(0, r.code(), r::toString);
    Matcher runs = Pattern.compile("(?m)^Spark local\\[2\\], (\\d) partitions:").matcher(r.out());
    StringBuilder order = new StringBuilder();
    while (runs.find()) {
      order.append(runs.group(1));
    }
    assertEquals("1221", order.toString(), "round 2 runs the counts in reverse: " + r.out());
    assertTrue(r.out().contains("warm-up: 1 untimed steps on 2 partitions"), r::toString);
    Matcher rounds = Pattern.compile("(?m)^scaling round (\\d): 2 partitions give ([\\d.]+)x "
        + "the tokens/s of 1 = 2 x ([\\d.]+) compute x ([\\d.]+) balance x ([\\d.]+) overhead$")
        .matcher(r.out());
    double[] ratio = new double[2];
    for (int i = 0; i < 2; i++) {
      assertTrue(rounds.find(), r::toString);
      ratio[i] = Double.parseDouble(rounds.group(2));
      double compute = Double.parseDouble(rounds.group(3));
      double balance = Double.parseDouble(rounds.group(4));
      double overhead = Double.parseDouble(rounds.group(5));
      // with one partition as the base the parts multiply to the ratio; each is printed rounded
      double rounding = 0.005 + ratio[i] * 0.005 * (1 / compute + 1 / balance + 1 / overhead);
      assertEquals(ratio[i], 2 * compute * balance * overhead, rounding * 1.01, r::toString);
      assertTrue(balance > 0 && balance <= 1, r::toString);
    }
    Matcher median = Pattern.compile("(?m)^scaling: 2 partitions give ([\\d.]+)x the tokens/s of "
        + "1, median of 2 rounds").matcher(r.out());
    assertTrue(median.find(), r::toString);
    assertEquals((ratio[0] + ratio[1]) / 2, Double.parseDouble(median.group(1)), 0.0051,
        r::toString);
    assertTrue(Pattern.compile("(?m)^scaling parts, medians: compute [\\d.]+ \\([\\d.]+-[\\d.]+\\), "
        + "balance [\\d.]+ \\([\\d.]+-[\\d.]+\\), overhead [\\d.]+ \\([\\d.]+-[\\d.]+\\)$")
        .matcher(r.out()).find(), r::toString);
  }

  @Test
  void aBadPartitionListIsOneLine() {
    CliRun r = CliRun.of("bench-spark", "--partitions", "1,x");
    assertEquals(2, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().contains("--partitions: 'x' is not a whole number"), r::toString);
  }
}
