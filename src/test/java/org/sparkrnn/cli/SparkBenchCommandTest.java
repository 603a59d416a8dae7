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
}
