package dev.podidentity.nmi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.Event;
import dev.podidentity.events.Topics;
import dev.podidentity.nmi.it.TestCluster;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.net.LoopbackPorts;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * P8b: the NMI (its built jar, as the DaemonSet runs it) on one node of a 150,000-pod cluster:
 * 5,000 nodes on 100 scale sets, 5,000 identities and bindings, 250 pods on its own node. Measures
 * its resident memory under load, the time to ready after a restart (a replay of its partition of
 * pods and assignments and of all config and nodes), and the time from a binding deleted to the
 * first refusal of its pod's next request. Prints numbers; asserts only the answers.
 *
 * <pre>
 * mvn -B -ntp -pl nmi-gateway package -DskipTests
 * mvn -B -ntp -pl nmi-gateway test -Dbenchmark=true -Dtest=ScaleViewBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class ScaleViewBenchmark {
  static final ScaleCluster CLUSTER =
      new ScaleCluster(
          Integer.getInteger("benchmark.view.nodes", 5_000),
          Integer.getInteger("benchmark.view.scaleSets", 100),
          Integer.getInteger("benchmark.view.pods", 150_000),
          Integer.getInteger("benchmark.view.identities", 5_000),
          Integer.getInteger("benchmark.view.podsPerNode", 250));
  static final int TRIALS = Integer.getInteger("benchmark.view.trials", 50);

  @Test
  void viewOfAnAksSizedCluster() throws Exception {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("build the jar first: mvn -pl nmi-gateway package -DskipTests").exists();
    long t0 = System.nanoTime();
    long records = CLUSTER.publish();
    System.out.printf(
        "BENCHMARK published %d records (%d pods, %d nodes, %d identities and bindings) in %.1f s%n",
        records, CLUSTER.pods, CLUSTER.nodes, CLUSTER.identities, (System.nanoTime() - t0) / 1e9);
    int port = LoopbackPorts.free();
    double firstStart = start(jar, port);
    Process nmi = running;
    double restart;
    long rssKb;
    try {
      try (LoadGenerator load =
          new LoadGenerator(ScaleCluster.ownIp(0), port, NmiBenchmark.TOKEN_URI, 16)) {
        load.closedLoop(16, 3, 200);
        LoadGenerator.Result r = load.closedLoop(16, 5, 200);
        rssKb = BenchProcesses.rssKb(nmi);
        System.out.println("BENCHMARK cache hits at scale: " + r.describe());
        assertThat(r.errors()).isZero();
      }
      nmi.destroy();
      nmi.waitFor();
      restart = start(jar, port);
      nmi = running;
      Histogram micros = eventToDecision(port);
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      System.out.printf(
          "BENCHMARK NMI at %d pods: first start to ready %.2f s, restart to ready %.2f s, VmRSS"
              + " under load %.1f MiB, binding deleted to refusal p50 %.1f ms p99 %.1f ms max"
              + " %.1f ms (%d trials), load average %.1f%n",
          CLUSTER.pods,
          firstStart,
          restart,
          rssKb / 1024.0,
          micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0,
          micros.getMaxValue() / 1000.0,
          micros.getTotalCount(),
          load);
      String what = String.format("NMI on one node of a %,d-pod cluster", CLUSTER.pods);
      BenchmarkReport.record(
          "P8b",
          what + ": resident memory under load (MiB)",
          String.format("%.1f", rssKb / 1024.0),
          "",
          "< 200 MiB");
      BenchmarkReport.record(
          "P8b",
          what + ": restart to ready (process start, replay, ready)",
          String.format("%.2f s", restart),
          String.format("first start %.2f s", firstStart),
          "< 5 s");
      BenchmarkReport.record(
          "P8b",
          what + ": binding deleted (published) to the pod's next request refused",
          String.format(
              "p50 %.1f ms, p99 %.1f ms (%d bindings)",
              micros.getValueAtPercentile(50) / 1000.0,
              micros.getValueAtPercentile(99) / 1000.0,
              micros.getTotalCount()),
          "",
          "");
    } finally {
      nmi.destroy();
      nmi.waitFor();
      // A restart that did not become ready in time is running but not yet nmi.
      running.destroy();
      running.waitFor();
    }
  }

  private Process running;

  /** Starts the NMI process; returns the seconds from launch to ready. */
  private double start(Path jar, int port) throws Exception {
    long t = System.nanoTime();
    running = NmiBenchmark.startNmi(CLUSTER.node, CLUSTER.imds, port);
    BenchProcesses.awaitReady();
    double seconds = (System.nanoTime() - t) / 1e9;
    // The CPU the process used to get there: on a shared machine the time to ready is mostly the
    // wait for a core, which this figure leaves out.
    double cpu = running.info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(-1.0);
    // Quarkus's own start (JVM and application, before the replay ends) from the NMI's log, so
    // that the replay's share of the time to ready shows.
    Matcher m =
        Pattern.compile("started in ([0-9.]+)s")
            .matcher(Files.readString(Path.of("target/nmi-benchmark.log")));
    System.out.printf(
        "BENCHMARK NMI ready %.2f s after launch, %.2f s of CPU; Quarkus reported started in %s"
            + " s%n",
        seconds, cpu, m.find() ? m.group(1) : "?");
    System.out.println("BENCHMARK CPU to ready by thread: " + BenchProcesses.threadCpu(running));
    return seconds;
  }

  /**
   * For each of the first pods of the node: one granted request, then its binding's tombstone is
   * published and the pod asks again and again until refused; the time from the send to that 403.
   */
  private Histogram eventToDecision(int port) throws Exception {
    Histogram micros = new Histogram(60_000_000L, 3);
    try (KafkaProducer<String, Event> producer = ScaleCluster.producer()) {
      for (int k = 1; k <= Math.min(TRIALS, CLUSTER.perNode - 1); k++) {
        HttpClient client =
            TestCluster.vertx()
                .createHttpClient(new HttpClientOptions().setLocalAddress(ScaleCluster.ownIp(k)));
        try {
          await().atMost(Duration.ofSeconds(30)).until(() -> status(client, port) == 200);
          long sent = System.nanoTime();
          producer.send(new ProducerRecord<>(Topics.CONFIG, CLUSTER.ownBindingKey(k), null));
          producer.flush();
          int s;
          do {
            s = status(client, port);
          } while (s != 403 && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(30));
          assertThat(s).isEqualTo(403);
          micros.recordValue((System.nanoTime() - sent) / 1000);
        } finally {
          client.close();
        }
      }
    }
    return micros;
  }

  private static int status(HttpClient client, int port) throws Exception {
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(NmiBenchmark.TOKEN_URI)
                .putHeader("Metadata", "true"))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> resp.statusCode()))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
