package dev.podidentity.nmi.bench;

import dev.podidentity.nmi.it.TestCluster;
import dev.podidentity.testsupport.net.LoopbackPorts;
import dev.podidentity.testsupport.net.PlainHttp;
import dev.podidentity.testsupport.tools.NmiDaemonSet;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes the NMI benchmarks start: the NMI's built jar, the bare Vert.x server, a Java
 * client of their own. Every server binds loopback only.
 */
final class BenchProcesses {
  private BenchProcesses() {}

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  /**
   * The DaemonSet's JVM options and malloc arena limit, read from its manifest so that the
   * benchmark runs what is deployed. Both servers get exactly these.
   */
  static Map<String, String> daemonSetEnv() throws IOException {
    return NmiDaemonSet.environment(Path.of(".."));
  }

  /** The NMI management port of the last NMI started. */
  static int managementPort;

  /**
   * The NMI's jar as a process: {@code env} (JVM options, malloc arenas) plus the node's settings;
   * the request log at its default configuration goes to {@code log}.
   */
  static Process startNmi(
      String node, String imds, int port, Map<String, String> env, List<String> jvmFlags, File log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmFlags);
    command.add("-jar");
    command.add(JAR.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    int mgmt = LoopbackPorts.free();
    pb.environment().put("NODE_NAME", node);
    pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", TestCluster.bootstrap());
    pb.environment().put("NMI_IMDS_URL", imds);
    pb.environment().put("NMI_SERVER_PORT", Integer.toString(port));
    pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(mgmt));
    // Loopback only, and aad's metrics listener on (the default, so its per-request cost is in the
    // figures) on a port of its own rather than 9090.
    pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    pb.environment().put("NMI_AAD_METRICS_PORT", Integer.toString(LoopbackPorts.free()));
    pb.redirectErrorStream(true).redirectOutput(log);
    managementPort = mgmt;
    return pb.start();
  }

  /** The bare Vert.x server as a process with the same {@code env}. */
  static Process startHello(int port, Map<String, String> env) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            javaBinary(),
            "-cp",
            System.getProperty("java.class.path"),
            HelloServer.class.getName(),
            Integer.toString(port));
    pb.environment().putAll(env);
    Process p = pb.redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.contains("LISTENING")) {
      // skip start-up output
    }
    return p;
  }

  /** A Java process of the test class path running {@code main} with {@code args}. */
  static ProcessBuilder java(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  static void awaitReady() {
    int mgmt = managementPort;
    HttpClient http = PlainHttp.client(Duration.ofSeconds(2));
    // Generous: on a shared machine at load 25 a replay at AKS's limits took over a minute. The
    // time to ready is what the benchmarks print, not a bound they assert.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(180))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + mgmt + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }

  static long rssKb(Process p) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /**
   * The CPU each kind of thread of {@code p} has used so far (JIT compilers, GC, event loops, the
   * Kafka consumer, ...), largest first, from {@code /proc/<pid>/task/<tid>/stat}: the process
   * total does not say whether the replay or the JVM's own work (compiling, loading) used it.
   */
  static String threadCpu(Process p) throws IOException {
    Map<String, Double> byKind = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + p.pid() + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        double seconds = Idle.ticks(stat) / 100.0;
        byKind.merge(name.replaceAll("[0-9]+", "#"), seconds, Double::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .filter(e -> e.getValue() >= 0.05)
        .forEach(e -> out.append(String.format("%s %.2f s; ", e.getKey(), e.getValue())));
    return out.toString();
  }

  /** Sends {@code SIGSTOP} or {@code SIGCONT} ({@code name}) to {@code p}. */
  static void signal(Process p, String name) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor();
    if (exit != 0) {
      throw new IOException("kill -" + name + " " + p.pid() + " exited with " + exit);
    }
  }

  /** Stops what this benchmark started, by its own handles. */
  static void stop(Process... processes) throws InterruptedException {
    for (Process p : processes) {
      if (p != null) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p != null) {
        p.waitFor();
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
