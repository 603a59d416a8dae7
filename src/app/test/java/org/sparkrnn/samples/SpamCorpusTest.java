package org.sparkrnn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkrnn.cli.CliRun;

/** SpamAssassin JSON → text,label CSV: bodies, labels, escaping, what is skipped. */
class SpamCorpusTest {
  @TempDir
  Path dir;

  static final ObjectMapper JSON = new ObjectMapper();

  /** Writes one email as the npm package does: data/GROUP/ID.md5.json. */
  static void email(Path data, String group, String id, String text) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("group", group);
    n.putObject("checksum").put("type", "MD5").put("value", "0");
    n.put("text", text);
    Path f = data.resolve(group).resolve(id + ".0123abcd.json");
    Files.createDirectories(f.getParent());
    JSON.writeValue(f.toFile(), n);
  }

  /** The emails of the tests below, and what the CSV must hold for each (label, text). */
  static Map<String, String> fixture(Path data) throws Exception {
    email(data, "easy-ham-1", "00001", "From: a@b\nSubject: hi\n\nSee you at 5.\nBye\n");
    email(data, "hard-ham-1", "00002", "From: c@d\r\nSubject: x\r\n\r\nShe said \"no\" \\ twice,\tok\r\n");
    email(data, "spam-1", "00003", "Subject: WIN\n\n\n  FREE   money \u00e9\u00e8 \u2028 now!!!  \n");
    email(data, "spam-2", "00004", "Subject: headers only, no body\n");
    email(data, "easy-ham-2", "00005", "Subject: empty body\n\n \n\t\n");
    Files.writeString(data.resolve("file_list.json"), "[\"easy-ham-1/00001.0123abcd.txt\"]");
    return Map.of(
        "See you at 5. Bye", "ham",
        "She said \"no\" \\ twice, ok", "ham",
        "FREE money \u00e9\u00e8 now!!!", "spam");
  }

  @Test
  void bodiesOnOneLineLabelledAndEscaped() throws Exception {
    Path data = dir.resolve("package/data");
    Map<String, String> expected = fixture(data);
    Path out = dir.resolve("fetched/spam.csv");
    SpamCorpus.Counts c = SpamCorpus.convert(data, out, 1);
    assertEquals(new SpamCorpus.Counts(3, 1, 2, 2, Files.size(out)), c);
    List<String> lines = Files.readAllLines(out);
    assertEquals("text,label", lines.get(0));
    assertEquals(4, lines.size());
    List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String row = SpamCorpus.quoted(e.getKey()) + "," + e.getValue();
      assertTrue(rows.remove(row), row + " in " + lines);
    }
    assertTrue(lines.contains("\"She said \\\"no\\\" \\\\ twice, ok\",ham"), lines::toString);
  }

  @Test
  void sameSeedSameOrder() throws Exception {
    Path data = dir.resolve("data");
    fixture(data);
    SpamCorpus.convert(data, dir.resolve("a.csv"), 3);
    SpamCorpus.convert(data, dir.resolve("b.csv"), 3);
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
  }

  @Test
  void bodyStartsAfterTheFirstBlankLine() {
    assertEquals("b c", SpamCorpus.body("h: 1\n\nb\n\nc"));
    assertEquals("b", SpamCorpus.body("h: 1\r\n\r\nb\r\n"));
    assertEquals("", SpamCorpus.body("h: 1\nh: 2\n"));
  }

  @Test
  void badJsonNamesTheFile() throws Exception {
    Path data = dir.resolve("data");
    fixture(data);
    Files.writeString(data.resolve("spam-1/00009.ffff.json"), "{\"group\": \"spam-1\", \"te");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SpamCorpus.convert(data, dir.resolve("x.csv"), 1));
    assertTrue(e.getMessage().contains("00009.ffff.json"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("x.csv")));
  }

  @Test
  void noEmailsIsAnError() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SpamCorpus.convert(dir.resolve("empty"), dir.resolve("x.csv"), 1));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void commandWritesSpamCsv() throws Exception {
    Path data = dir.resolve("package/data");
    fixture(data);
    CliRun r = CliRun.of("samples", "--spam-json", data.toString(), "--out",
        dir.resolve("fetched").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("3 messages (1 spam, 2 ham; 2 without a body left out)"), r.out());
    assertTrue(Files.isRegularFile(dir.resolve("fetched/spam.csv")));
  }
}
