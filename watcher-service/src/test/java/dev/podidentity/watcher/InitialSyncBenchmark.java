package dev.podidentity.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import dev.podidentity.watcher.config.WatcherConfig;
import dev.podidentity.watcher.engine.Watcher;
import dev.podidentity.watcher.engine.WatcherMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * W2: initial sync at AKS's limits, 150,000 pods on 5,000 scale-set nodes (100 pools), 5,000
 * identities and 5,000 bindings, from a Kubernetes test server to the embedded broker, through the
 * application's own channel (the connector's producer). Prints the time from start to every record
 * acknowledged and the heap the watcher adds. Then an idle stretch: every node heartbeats and a
 * tenth of the pods restart a container (status only), and a periodic resync runs; prints what the
 * watcher published for it (nothing is the goal). Not a test: run it with
 *
 * <pre>mvn -B -ntp -pl watcher-service test -Dtest=InitialSyncBenchmark -Dbenchmark=true \
 *   -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class InitialSyncBenchmark {
  static final ScaleCluster CLUSTER =
      new ScaleCluster(
          Integer.getInteger("benchmark.nodes", 5_000),
          Integer.getInteger("benchmark.pods", 150_000),
          Integer.getInteger("benchmark.identities", 5_000));

  @Inject WatcherService service;

  @Test
  void initialSyncAtAksLimitsThenIdleChurnPublishesNothing() throws Exception {
    // The application's own instance watches the (empty) shared test server; stop it so the
    // figures are this instance's alone.
    service.stop();
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try (PrefilledTestServer server = new PrefilledTestServer()) {
      long fill = System.nanoTime();
      CLUSTER.fill(server);
      System.out.printf(
          "BENCHMARK stored %d nodes, %d pods, %d identities, %d bindings in %.1f s%n",
          CLUSTER.nodes,
          CLUSTER.pods,
          CLUSTER.identities,
          CLUSTER.identities,
          (System.nanoTime() - fill) / 1e9);
      // When the test server answers the informers' lists: until then the time is its own (it
      // composes a list whole, on one event loop, before it sends a byte), not the watcher's.
      ListTimings lists = new ListTimings();
      KubernetesClient client = server.client(lists);
      long baseline = heapAfterGc();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      WatcherMetrics metrics = new WatcherMetrics(registry);
      long expected = CLUSTER.records();
      long cpu = cpuNanos();
      long start = System.nanoTime();
      Watcher watcher =
          new WatcherWiring()
              .watcher(
                  client,
                  service.events().as(WatcherConfig.source(OPTIONS)),
                  service.kafka(),
                  OPTIONS,
                  metrics,
                  workers);
      watcher.start();
      long listed = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> metrics.publishedTotal() >= expected);
      long published = System.nanoTime();
      double cpuSeconds = (cpuNanos() - cpu) / 1e9;
      long heap = heapAfterGc();
      double seconds = (published - start) / 1e9;
      double answered = (lists.answered() - start) / 1e9;
      System.out.printf(
          "BENCHMARK initial sync: the test server answered the last list at %.2f s (its own"
              + " time), the lists were read by %.2f s, informers synced at %.2f s, %d records"
              + " acknowledged at %.2f s (%.0f records/s)%n",
          answered,
          (lists.read() - start) / 1e9,
          (listed - start) / 1e9,
          expected,
          seconds,
          expected / seconds);
      System.out.printf(
          "BENCHMARK the watcher's part, from the last list answered to every record"
              + " acknowledged: %.2f s%n",
          seconds - answered);
      // CPU time depends less on the other loads of a shared machine than the elapsed time does.
      System.out.printf(
          "BENCHMARK CPU used by the JVM (watcher, test server, broker) from the start to every"
              + " record acknowledged: %.1f s%n",
          cpuSeconds);
      System.out.printf(
          "BENCHMARK heap used after GC: %.1f MiB in total, %.1f MiB more than before the"
              + " watcher started (the test server's own copy of the objects is in the"
              + " baseline)%n",
          heap / 1048576.0, (heap - baseline) / 1048576.0);
      System.out.printf(
          "BENCHMARK jvm: %s %s, %d processors, max heap %d MiB, load average %s%n",
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / 1048576,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      assertThat(metrics.publishedTotal()).isEqualTo((double) expected);
      BenchmarkReport.record(
          "W2",
          String.format(
              "watcher initial sync of %,d pods, %,d nodes, %,d identities and %,d bindings",
              CLUSTER.pods, CLUSTER.nodes, CLUSTER.identities, CLUSTER.identities),
          // The watcher's heap is what it added: the JVM also holds the application under test,
          // two Kubernetes test servers (one with its own copy of every object) and the broker.
          String.format(
              "%.2f s (the test server answering its lists %.2f s of it, the watcher's part %.2f"
                  + " s), watcher heap %.0f MiB (JVM total %.0f MiB with the test fixtures)",
              seconds,
              answered,
              seconds - answered,
              (heap - baseline) / 1048576.0,
              heap / 1048576.0),
          "",
          "< 30 s, < 1 GiB");
      new IdleChurn(CLUSTER, server, metrics, registry).measure();
      watcher.close();
    } finally {
      workers.shutdownNow();
      service.start();
    }
  }

  // A periodic resync every few seconds, so that the idle stretch sees some; leader at once. At
  // full size a resync of 150,000 pods is seconds of CPU, and one every 5 s would overlap the
  // initial sync it measures (production resyncs every 10 minutes), so it comes after the sync.
  static final String RESYNC =
      System.getProperty("benchmark.resync", CLUSTER.pods > 10_000 ? "60s" : "5s");

  static final WatcherConfig OPTIONS =
      WatcherConfig.check(
          ConfigMappings.of(
              WatcherConfig.class,
              "watcher.instance",
              "bench",
              "watcher.lease.enabled",
              "false",
              "watcher.sync-timeout",
              "300s",
              "watcher.resync-interval",
              RESYNC,
              "watcher.retry-delay",
              "1s"));

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
