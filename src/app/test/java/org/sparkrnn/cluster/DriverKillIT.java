package org.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the driver process in the middle of writing a checkpoint: what is left is the complete
 * earlier checkpoint plus an unfinished temporary directory, and rerunning with --resume finishes
 * with the model an uninterrupted run gives, bit for bit.
 */
class DriverKillIT {

  @Test
  void resumeAfterADriverKilledMidCheckpoint(@TempDir Path dir) throws Exception {
    Path corpus = Launcher.corpus(dir, 800);
    String[] args = {"train", "--master", "local[2]", "--quiet",
        "--set", "data.path=" + corpus, "--set", "model.cell=gru", "--set", "model.hidden=16",
        "--set", "data.window=16", "--set", "train.batch=8", "--set", "train.epochs=0",
        "--set", "train.steps=24", "--set", "spark.partitions=3",
        "--set", "output.checkpoint_every=8", "--set", "output.validate_every=0"};
    Path straight = dir.resolve("straight");
    Launcher.run(dir.resolve("straight.log"), Map.of(), ExecutorKillIT.with(args, "--output", straight.toString()));

    Path run = dir.resolve("run");
    Path checkpoints = run.resolve("checkpoints");
    Process p = Launcher.start(dir.resolve("killed.log"), Map.of("SPARK_RNN_SAVE_PAUSE_MS", "5000"),
        ExecutorKillIT.with(args, "--output", run.toString()));
    // each save pauses after writing its temporary directory: wait for the second one (step 16)
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!hasTemporary(checkpoints, "step-00000016") && System.nanoTime() < deadline) {
      assertTrue(p.isAlive() || hasTemporary(checkpoints, "step-00000016"),
          "the driver ended early:\n" + Files.readString(dir.resolve("killed.log")));
      Thread.sleep(100);
    }
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(List.of("step-00000008"), complete(checkpoints), "only complete checkpoints are named step-*");
    assertTrue(hasTemporary(checkpoints, "step-00000016"), "the interrupted write left its temporary directory");
    assertFalse(Files.exists(run.resolve("model")), "no final model after the kill");

    Launcher.run(dir.resolve("resumed.log"), Map.of(), ExecutorKillIT.with(args, "--output",
        run.toString(), "--resume"));
    assertEquals(24, Launcher.stepsDone(run));
    assertArrayEquals(Launcher.modelParams(straight), Launcher.modelParams(run));
    assertFalse(hasTemporary(checkpoints, "step-00000016"), "the resumed run cleans up");
  }

  private static boolean hasTemporary(Path checkpoints, String step) throws Exception {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> s = Files.list(checkpoints)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("." + step + ".tmp-"));
    }
  }

  private static List<String> complete(Path checkpoints) throws Exception {
    try (Stream<Path> s = Files.list(checkpoints)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-")).sorted().toList();
    }
  }
}
