package org.sparkrnn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.oracle.CaseReport;
import org.sparkrnn.oracle.GoldenCase;
import org.sparkrnn.oracle.OracleRunner;

/**
 * {@code oracle --dir DIR}: checks the engine against every reference case file in DIR (the format
 * of src/core/test/resources/oracle, made by PyTorch in float64) and prints the relative error of every
 * compared quantity and the names of the values it skipped. Fails (exit 1) when a case exceeds the tolerance or a file is not a valid case.
 */
public final class OracleCommand implements Command {
  static final double TOLERANCE = 1e-9;
  /** Width the per-quantity grid is packed into. */
  private static final int LINE_WIDTH = 100;

  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--dir", "DIR", null, "directory of *.json case files (index.json is skipped)"),
      Options.valued("--backend", "blas|ejml", "blas", "dense product backend"),
      Options.valued("--tolerance", "X", "1e-9", "largest relative error a case may have"));

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public String summary() {
    return "check forward values, gradients and updates against PyTorch reference cases";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn oracle --dir DIR [options]", """
        Evaluates every *.json case file in DIR (sorted by name; index.json skipped) with the
        engine and prints, per case, the relative error max|ours - ref| / max|ref| of each
        compared quantity (loss, forward values, gradients, clipping, optimizer step). The last
        line is 'max relative error: X'. Values the engine has no counterpart for (another
        direction, an embedding, dL/dlogits, an unknown section) are listed as skipped. Exit 1 if a case exceeds the tolerance or a file is not
        a valid case (each such file is named on stderr); DIR relative to the working directory.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Options o = Options.parse(name(), OPTIONS, args);
    Path dir = o.directory("--dir");
    String backend = o.choice("--backend", "blas", "ejml");
    double tolerance = tolerance(o.require("--tolerance"));
    List<Path> files = caseFiles(dir);
    if (files.isEmpty()) {
      throw CliException.usage("no *.json case files in " + dir);
    }
    Gemm gemm = Backends.create(backend);
    out.printf("oracle: %d case file%s in %s, backend %s, tolerance %.0e%n%n",
        files.size(), files.size() == 1 ? "" : "s", dir, gemm.name(), tolerance);

    List<CaseReport> reports = new ArrayList<>();
    List<Path> reportFiles = new ArrayList<>();
    int invalid = 0;
    for (Path file : files) {
      CaseReport report;
      try {
        report = OracleRunner.check(GoldenCase.read(file), gemm);
      } catch (Exception e) {
        invalid++;
        err.println(Main.PROGRAM + ": " + file.getFileName() + ": not a valid case: " + reason(e, file));
        err.flush();
        continue;
      }
      reports.add(report);
      reportFiles.add(file);
      printCase(out, report, file, tolerance);
      out.flush();
    }

    double max = 0;
    List<String> failed = new ArrayList<>();
    for (CaseReport r : reports) {
      max = Math.max(max, r.maxError());
      if (!(r.maxError() <= tolerance)) {
        failed.add(r.name() + " (" + worst(r).quantity() + String.format(" %.3e)", worst(r).relError()));
      }
    }
    if (!failed.isEmpty()) {
      err.println(Main.PROGRAM + ": " + failed.size() + " of " + reports.size() + " case"
          + (reports.size() == 1 ? "" : "s") + String.format(" exceed%s %.0e: ", failed.size() == 1 ? "s" : "", tolerance)
          + String.join(", ", failed));
      err.flush();
    }
    if (!reports.isEmpty()) {
      out.printf("max relative error: %.3e%n", max);
    }
    return failed.isEmpty() && invalid == 0 ? 0 : CliException.FAILED;
  }

  private static double tolerance(String text) {
    try {
      double t = Double.parseDouble(text);
      if (t >= 0 && Double.isFinite(t)) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CliException.usage("option --tolerance: '" + text + "' is not a number >= 0");
  }

  /** The *.json files of dir except index.json, sorted by name. */
  static List<Path> caseFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.endsWith(".json") && !n.equals("index.json") && Files.isRegularFile(p);
      }).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
    }
  }

  private static CaseReport.Entry worst(CaseReport r) {
    CaseReport.Entry w = null;
    for (CaseReport.Entry e : r.entries()) {
      if (w == null || !(e.relError() <= w.relError())) {
        w = e;
      }
    }
    return w == null ? new CaseReport.Entry("(nothing compared)", Double.NaN) : w;
  }

  /**
   * The case name with its largest error and verdict, then its quantities packed into aligned
   * columns: {@code name  error} cells of one width, as many per line as fit.
   */
  private static void printCase(PrintStream out, CaseReport r, Path file, double tolerance) {
    String label = r.name();
    String fileName = file.getFileName().toString();
    if (!fileName.equals(label + ".json")) {
      label += " [" + fileName + "]";
    }
    boolean ok = r.maxError() <= tolerance;
    out.printf("%-60s max %.3e  %s%n", label, r.maxError(), ok ? "ok" : "FAIL");
    int nameWidth = 0;
    for (CaseReport.Entry e : r.entries()) {
      nameWidth = Math.max(nameWidth, e.quantity().length());
    }
    int cellWidth = nameWidth + 1 + 10; // name, space, "1.234e-16" and a sign/marker column
    int perLine = Math.max(1, (LINE_WIDTH - 2) / (cellWidth + 3));
    StringBuilder line = new StringBuilder();
    int inLine = 0;
    for (CaseReport.Entry e : r.entries()) {
      line.append(inLine == 0 ? "  " : "   ");
      String mark = e.relError() <= tolerance ? " " : "!";
      line.append(String.format("%-" + nameWidth + "s %9.3e%s", e.quantity(), e.relError(), mark));
      if (++inLine == perLine) {
        out.println(line.toString().stripTrailing());
        line.setLength(0);
        inLine = 0;
      }
    }
    if (inLine > 0) {
      out.println(line.toString().stripTrailing());
    }
    if (!r.skipped().isEmpty()) {
      out.println("  skipped (no counterpart in the engine): " + String.join(", ", r.skipped()));
    }
  }

  /** Why a file could not be checked, on one line, without repeating its path. */
  private static String reason(Exception e, Path file) {
    String msg;
    if (e instanceof JsonProcessingException j) {
      msg = "invalid JSON: " + j.getOriginalMessage()
          + (j.getLocation() == null ? "" : " at line " + j.getLocation().getLineNr()
              + ", column " + j.getLocation().getColumnNr());
    } else {
      msg = e.getMessage();
      if (msg == null || msg.isBlank()) {
        msg = e.getClass().getSimpleName();
      } else if (!(e instanceof IllegalArgumentException || e instanceof IOException)) {
        msg = e.getClass().getSimpleName() + ": " + msg;
      }
    }
    for (String prefix : new String[] {file.toString() + ": ", file.getFileName() + ": "}) {
      if (msg.startsWith(prefix)) {
        msg = msg.substring(prefix.length());
      }
    }
    return Main.oneLine(msg);
  }
}
