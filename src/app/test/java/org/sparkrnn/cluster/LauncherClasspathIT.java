package org.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's classpath is exactly the build's: in a scratch copy of the project whose
 * target/lib holds jars of an earlier build, a dependency bump in pom.xml makes jobs/spark-rnn
 * rebuild by itself, and target/lib then holds the new version only, one jar per artifact.
 */
class LauncherClasspathIT {
  private static final String EJML_NOW = "0.44.0";
  private static final String EJML_BUMPED = "0.43.1";

  @Test
  void aDependencyBumpLeavesOneVersionOfEachJar(@TempDir Path tmp) throws Exception {
    Path copy = tmp.resolve("spark-rnn");
    for (String part : List.of("pom.xml", "jobs", "conf", "src/core/pom.xml", "src/core/main",
        "src/spark/pom.xml", "src/spark/main", "src/app/pom.xml", "src/app/main")) {
      copyTree(Path.of(part), copy.resolve(part));
    }
    // an earlier build: its jar, and a target/lib with the old ejml and a jar no pom names any more
    Path lib = Files.createDirectories(copy.resolve("target/lib"));
    Path oldEjml = lib.resolve("ejml-core-" + EJML_NOW + ".jar");
    Files.copy(Path.of(System.getProperty("project.lib"), "ejml-core-" + EJML_NOW + ".jar"), oldEjml);
    Files.writeString(lib.resolve("stale-dependency-1.0.jar"), "not a jar");
    Path jar = copy.resolve("target/spark-rnn-0.1.0.jar");
    Files.copy(Path.of(System.getProperty("project.jar")), jar);

    Path pom = copy.resolve("pom.xml"); // the parent pom holds the versions
    String text = Files.readString(pom);
    String property = "<ejml.version>" + EJML_NOW + "</ejml.version>";
    assertTrue(text.contains(property), "pom.xml pins ejml at " + EJML_NOW);
    Files.writeString(pom, text.replace(property, "<ejml.version>" + EJML_BUMPED + "</ejml.version>"));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

    Path log = tmp.resolve("launcher.log");
    ProcessBuilder pb = new ProcessBuilder("bash", copy.resolve("jobs/spark-rnn").toString(),
        "config", "--list").redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SPARK_HOME");
    // its own build lock: the build running this test may hold the launcher's default one
    pb.environment().put("MVN_LOCK", tmp.resolve("mvn.lock").toString());
    Process p = pb.start();
    assertTrue(p.waitFor(15, java.util.concurrent.TimeUnit.MINUTES), "the launcher timed out");
    assertEquals(0, p.exitValue(), () -> "launcher failed:\n" + read(log));
    assertTrue(read(log).contains("keys in"), () -> "config --list did not run:\n" + read(log));

    List<String> jars;
    try (Stream<Path> s = Files.list(lib)) {
      jars = s.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertTrue(jars.contains("ejml-core-" + EJML_BUMPED + ".jar"), jars.toString());
    assertTrue(!jars.contains(oldEjml.getFileName().toString()), "old ejml left: " + jars);
    assertTrue(!jars.contains("stale-dependency-1.0.jar"), "stale jar left: " + jars);
    // one version per artifact: the name without its version (the first "-<digit>..." part,
    // classifiers such as -linux-x86_64 kept) is unique
    Map<String, List<String>> byArtifact = new TreeMap<>(jars.stream()
        .collect(Collectors.groupingBy(n -> n.replaceFirst("-\\d[^-]*", ""))));
    byArtifact.values().removeIf(v -> v.size() == 1);
    assertEquals(Map.of(), byArtifact, "artifacts with more than one jar");
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path f : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.createDirectories(t.getParent());
          Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
