package org.sparkrnn.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.sparkrnn.diag.StepDiagnostics;
import org.sparkrnn.train.StepStats;

/**
 * The console progress line: step, loss, tokens/s, ETA; at most about once a second. Warnings of
 * the diagnostics get their own line: the first of each kind (vanishing, exploding) always, later
 * ones at most every {@value #WARNING_GAP_SECONDS} s per kind, with the count left out between.
 */
final class Progress {
  private final PrintStream out;
  private final long total;
  private final long start;
  private final long t0 = System.nanoTime();
  private long lastPrint;
  private long tokens;
  private long done;
  private static final long WARNING_GAP_SECONDS = 10;
  private final Map<String, long[]> warned = new HashMap<>(); // kind -> {last print ns, skipped}

  Progress(PrintStream out, long total, long start) {
    this.out = out;
    this.total = total;
    this.start = start;
  }

  void step(StepStats s, long wallNanos, ObjectNode record) {
    tokens += s.steps();
    done = s.step() + 1;
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    boolean last = done == total;
    if (now - lastPrint < 1_000_000_000L && !last && !record.has("val_loss")) {
      return;
    }
    lastPrint = now;
    double elapsed = (now - t0) / 1e9;
    double perStep = elapsed / Math.max(1, done - start);
    long etaSeconds = Math.round(perStep * (total - done));
    StringBuilder line = new StringBuilder(String.format("step %d/%d  epoch %d  loss %.4f",
        done, total, s.epoch() + 1, s.loss()));
    if (record.has("val_loss")) {
      line.append(String.format("  val_loss %.4f", record.get("val_loss").asDouble()));
    }
    line.append(String.format("  tok/s %,.0f  ETA %s%s", tokens / elapsed, duration(etaSeconds),
        s.skipped() ? "  (skipped: " + s.problem() + ")" : ""));
    out.println(line);
  }

  /** The step's diagnostics warnings, rate-limited per kind. */
  void warnings(StepDiagnostics d) {
    if (out == null || d == null || !d.hasWarnings()) {
      return;
    }
    long now = System.nanoTime();
    for (String w : d.warnings()) {
      int colon = w.indexOf(':');
      String kind = colon < 0 ? w : w.substring(0, colon);
      long[] last = warned.get(kind);
      if (last != null && now - last[0] < WARNING_GAP_SECONDS * 1_000_000_000L) {
        last[1]++;
        continue;
      }
      String more = last == null || last[1] == 0 ? ""
          : String.format("  (%d more '%s' warnings since the last one shown)", last[1], kind);
      out.printf("warning at step %d: %s%s%n", d.step() + 1, w, more);
      warned.put(kind, new long[] {now, 0});
    }
  }

  /** The validation result before the first step. */
  void initial(ObjectNode record) {
    if (out != null) {
      out.printf("before training: val_loss %.4f%s%n", record.get("val_loss").asDouble(),
          record.has("val_accuracy") ? String.format("  val_accuracy %.4f",
              record.get("val_accuracy").asDouble()) : "");
    }
  }

  void finish() {
    if (out != null && done > start) {
      out.printf("trained %d steps in %s%n", done - start, duration(Math.round((System.nanoTime() - t0) / 1e9)));
    }
  }

  static String duration(long seconds) {
    return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds / 60 % 60)
        : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }
}
