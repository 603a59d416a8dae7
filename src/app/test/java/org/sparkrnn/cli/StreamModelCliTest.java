package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A language model trained with data.order=stream from the command line: the run's settings say
 * how it was read, its metrics give validation in bits, evaluate reads the text as its streams
 * with the state carried, predict scores windows; a zero BPTT window is refused.
 */
class StreamModelCliTest {
  @Test
  void trainEvaluateAndPredictAStreamModel(@TempDir Path tmp) throws Exception {
    Path run = TrainedRuns.streamRun();
    String config = Files.readString(run.resolve("config.conf"));
    assertTrue(config.contains("data.order = stream"), config);
    assertTrue(config.contains("train.bptt.window = 16"), config);
    String metrics = Files.readString(run.resolve("metrics.jsonl"));
    assertTrue(metrics.contains("\"val_bits\""), metrics);

    CliRun e = CliRun.of("evaluate", "--master", TrainedRuns.MASTER, "--model", run.toString(),
        "--data", TrainedRuns.corpus().toString());
    assertEquals(0, e.code(), e::toString);
    assertTrue(e.out().contains(": 4 streams,"), e::toString);
    assertTrue(e.out().contains("bits/char"), e::toString);

    Path out = tmp.resolve("pred.csv");
    CliRun p = CliRun.of("predict", "--master", TrainedRuns.MASTER, "--model", run.toString(),
        "--data", TrainedRuns.corpus().toString(), "--output", out.toString());
    assertEquals(0, p.code(), p::toString);
    assertTrue(Files.exists(out), p::toString);
  }

  @Test
  void aZeroWindowIsRefusedForStreams(@TempDir Path tmp) {
    CliRun r = TrainedRuns.oneLineError(2, "train", "--master", TrainedRuns.MASTER, "--quiet",
        "--output", tmp.resolve("out").toString(), "--set", "data.path=" + TrainedRuns.corpus(),
        "--set", "data.order=stream", "--set", "train.bptt.window=0");
    assertTrue(r.err().contains("train.bptt.window = 0"), r::toString);
  }
}
