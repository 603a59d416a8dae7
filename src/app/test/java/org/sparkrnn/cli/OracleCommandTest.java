package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.oracle.OracleCases;

/** {@code oracle --dir}: the golden cases pass; an altered case and a non-case file fail. */
class OracleCommandTest {
  private static final Pattern LAST = Pattern.compile("max relative error: (\\S+)");
  private static final String CASE = "03_lstm_many_to_many";

  static Path goldenDir() {
    return OracleCases.dir();
  }

  private static double lastError(CliRun r) {
    List<String> lines = r.outLines();
    Matcher m = LAST.matcher(lines.get(lines.size() - 1));
    assertTrue(m.matches(), () -> "last line: " + r);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void goldenCasesPass() {
    for (String backend : new String[] {"blas", "ejml"}) {
      CliRun r = CliRun.of("oracle", "--dir", goldenDir().toString(), "--backend", backend);
      assertEquals(0, r.code(), r::toString);
      assertEquals("", r.err(), r::toString);
      assertTrue(lastError(r) <= 1e-9, r::toString);
      assertTrue(r.out().contains(CASE), r::toString);
      assertTrue(r.out().contains("grad.rnn.weight_hh_l0"), r::toString);
    }
  }

  @Test
  void alteredGradientFailsAndNamesTheCase(@TempDir Path tmp) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(goldenDir().resolve(CASE + ".json").toFile());
    ArrayNode values = (ArrayNode) root.path("gradients").path("rnn.weight_hh_l0").path("values");
    values.set(3, values.get(3).asDouble() + 1e-4);
    json.writeValue(tmp.resolve(CASE + ".json").toFile(), root);

    CliRun r = CliRun.of("oracle", "--dir", tmp.toString());
    assertEquals(1, r.code(), r::toString);
    assertTrue(lastError(r) > 1e-9, r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().contains(CASE) && r.err().contains("grad.rnn.weight_hh_l0"), r::toString);
    assertTrue(r.out().contains(CASE), r::toString);
    assertTrue(r.out().contains("FAIL"), r::toString);
  }

  @Test
  void valuesTheEngineDoesNotHaveAreSkippedByNameNotRefused(@TempDir Path tmp) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(goldenDir().resolve(CASE + ".json").toFile());
    ObjectNode forward = (ObjectNode) root.path("forward");
    forward.set("i_layer0_reverse", forward.get("i"));
    ObjectNode intermediate = (ObjectNode) root.path("intermediate_gradients");
    intermediate.set("embedded", intermediate.get("h"));
    root.put("provenance", "a section this checker does not know");
    json.writeValue(tmp.resolve(CASE + ".json").toFile(), root);

    CliRun r = CliRun.of("oracle", "--dir", tmp.toString());
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
    assertTrue(lastError(r) <= 1e-9, r::toString);
    for (String name : new String[] {"forward.i_layer0_reverse", "intermediate_gradients.embedded",
        "intermediate_gradients.logits", "provenance"}) {
      assertTrue(r.out().contains(name), () -> name + " not reported skipped: " + r);
    }
    assertTrue(r.out().contains("skipped"), r::toString);
    assertTrue(r.out().contains("intermediate.h.norm2"), r::toString);
  }

  @Test
  void nonCaseFileFailsWithOneLineNamingIt(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("notacase.json"), "{\"hello\": [1, 2, 3]}");
    CliRun r = CliRun.of("oracle", "--dir", tmp.toString());
    assertEquals(1, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("spark-rnn: notacase.json: "), r::toString);
    assertTrue(!r.err().contains("\tat "), r::toString);
  }

  @Test
  void badFilesAreReportedAndTheOthersStillChecked(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("00_broken.json"), "{\"config\": {\n  \"model\": ");
    Files.copy(goldenDir().resolve(CASE + ".json"), tmp.resolve(CASE + ".json"));
    Files.writeString(tmp.resolve("index.json"), "{\"not\": \"a case, and skipped\"}");
    Files.writeString(tmp.resolve("notes.txt"), "not json at all, and skipped");

    CliRun r = CliRun.of("oracle", "--dir", tmp.toString());
    assertEquals(1, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.err().startsWith("spark-rnn: 00_broken.json: "), r::toString);
    assertTrue(r.out().contains(CASE), r::toString);
    assertTrue(lastError(r) <= 1e-9, r::toString);
  }

  @Test
  void emptyDirectoryIsAUsageError(@TempDir Path tmp) {
    CliRun r = CliRun.of("oracle", "--dir", tmp.toString());
    assertEquals(2, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
  }
}
