package org.sparkrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ as a reader follows them: every repository file they name exists, every
 * {@code jobs/spark-rnn COMMAND} is a command the launcher knows, every relative link resolves,
 * nothing points outside the repository, and the README stays a page for newcomers.
 */
class DocsTest {
  /** A path into the repository as the docs write it: a top-level folder, then a file name. */
  private static final Pattern REPO_PATH = Pattern.compile(
      "(?<![\\w./-])((?:jobs|conf|data|bench|docs|src|\\.ci)/[\\w./-]*[\\w])");
  private static final Pattern COMMAND = Pattern.compile("jobs/spark-rnn ([a-z][a-z-]*)");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
  /** A relative path that climbs: it must stay inside the repository a user cloned. */
  private static final Pattern UP = Pattern.compile("(?:\\.\\./)+[\\w.-]+(?:/[\\w.-]+)*");

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> s = Files.walk(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  @Test
  void readmeIsOnePageForANewcomer() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    assertTrue(lines.size() <= 200, "README.md has " + lines.size() + " lines; reference goes to docs/");
    String text = String.join("\n", lines);
    assertTrue(text.contains("mvn verify"), "the README names the test command");
    assertTrue(text.contains("jobs/quickstart"), "the README names the quick start");
  }

  @Test
  void everyNamedFileExists() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m = REPO_PATH.matcher(Files.readString(page));
      while (m.find()) {
        String path = m.group(1);
        // placeholders (DIR, FILE, step-NNNNNNNN) and outputs (data/fetched/) are not repository files
        if (path.matches(".*[A-Z]{3,}.*") || path.startsWith("data/fetched")
            || path.contains("*") || Files.exists(Path.of(path))) {
          continue;
        }
        missing.add(page + ": " + path);
      }
    }
    assertEquals(List.of(), missing, "files the docs name that the repository does not have");
  }

  @Test
  void everyLauncherCommandIsKnown() throws IOException {
    Set<String> known = Main.COMMANDS.stream().map(Command::name).collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m = COMMAND.matcher(Files.readString(page));
      while (m.find()) {
        if (!known.contains(m.group(1)) && !m.group(1).equals("help")) {
          unknown.add(page + ": jobs/spark-rnn " + m.group(1));
        }
      }
    }
    assertEquals(List.of(), unknown);
  }

  @Test
  void relativeLinksResolveAndNothingPointsOutside() throws IOException {
    List<String> bad = new ArrayList<>();
    for (Path page : pages()) {
      String text = Files.readString(page);
      Path root = Path.of("").toAbsolutePath();
      Matcher up = UP.matcher(text);
      while (up.find()) {
        if (!page.toAbsolutePath().getParent().resolve(up.group()).normalize().startsWith(root)) {
          bad.add(page + ": " + up.group() + " is outside the repository");
        }
      }
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue; // http(s), mailto
        }
        Path resolved = page.toAbsolutePath().getParent().resolve(target).normalize();
        if (!Files.exists(resolved)) {
          bad.add(page + ": broken link " + target);
        }
      }
    }
    assertEquals(List.of(), bad);
  }
}
