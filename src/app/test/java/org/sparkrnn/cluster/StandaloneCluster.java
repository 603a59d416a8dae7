package org.sparkrnn.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and N Workers, each its own JVM
 * started from the Maven jars in target/lib (no Spark distribution), as
 * docs/cluster.md describes. Workers launch executors as their child processes.
 */
final class StandaloneCluster implements AutoCloseable {
  final Path home;
  final int port;
  final int webPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();

  private StandaloneCluster(Path home, int port, int webPort, Process master) {
    this.home = home;
    this.port = port;
    this.webPort = webPort;
    this.master = master;
  }

  /** Starts a master and {@code workers} workers of one core each; waits until all registered. */
  static StandaloneCluster start(Path dir, int workers) throws Exception {
    Path home = sparkHome(dir);
    int port = freePort();
    int web = freePort();
    Process master = launch(home, dir.resolve("master.log"), "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", "" + port, "--webui-port", "" + web);
    StandaloneCluster c = new StandaloneCluster(home, port, web, master);
    for (int i = 1; i <= workers; i++) {
      Path work = Files.createDirectories(dir.resolve("work" + i));
      c.workers.add(launch(home, dir.resolve("worker" + i + ".log"),
          "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--webui-port", "" + freePort(), "--cores", "1", "--memory", "1g",
          "--work-dir", work.toString(), c.url()));
    }
    c.awaitWorkers(workers, Duration.ofSeconds(60));
    return c;
  }

  String url() {
    return "spark://127.0.0.1:" + port;
  }

  /** SPARK_HOME-like directory: jars/ links to target/lib, conf/ holds quiet logging. */
  static Path sparkHome(Path dir) throws IOException {
    Path home = Files.createDirectories(dir.resolve("spark-home"));
    Path jars = home.resolve("jars");
    if (!Files.exists(jars)) {
      Files.createSymbolicLink(jars, Path.of(System.getProperty("project.lib")).toAbsolutePath());
    }
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
        "rootLogger.level = warn", "rootLogger.appenderRef.console.ref = console",
        "appender.console.type = Console", "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR", "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n", ""));
    return home;
  }

  static Process launch(Path home, Path log, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(List.of(System.getProperty("spark.jvm.opens").split("\\s+")));
    cmd.add("-cp");
    cmd.add(home.resolve("conf") + ":" + home.resolve("jars") + "/*");
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    environment(pb, home);
    return pb.start();
  }

  static void environment(ProcessBuilder pb, Path home) {
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
  }

  private void awaitWorkers(int n, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      try {
        body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        if (body.contains("\"aliveworkers\" : " + n) || body.contains("\"aliveworkers\":" + n)) {
          return;
        }
      } catch (IOException notYet) {
        // the master's UI is not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("standalone cluster did not get " + n + " workers: " + body);
  }

  /** The executor JVMs currently running under worker i (0-based). */
  List<ProcessHandle> executors(int worker) {
    return workers.get(worker).toHandle().children()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
  }

  Optional<ProcessHandle> anyExecutor(int worker) {
    return executors(worker).stream().findFirst();
  }

  @Override
  public void close() {
    for (Process w : workers) {
      w.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      w.destroyForcibly();
    }
    master.destroyForcibly();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
