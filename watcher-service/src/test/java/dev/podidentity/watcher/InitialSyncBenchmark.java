package dev.podidentity.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import dev.podidentity.watcher.config.WatcherConfig;
import dev.podidentity.watcher.engine.Watcher;
import dev.podidentity.watcher.engine.WatcherMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Initial sync of a large cluster: 10,000 pods on 50 scale-set nodes, 2,000 identities and 2,000
 * bindings, from a fresh Kubernetes test server to the embedded broker, through the application's
 * own channel (the connector's producer). Prints the time from start to every record acknowledged
 * and the heap used after a GC. Not a test: run it with
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
  static final int NODES = Integer.getInteger("benchmark.nodes", 50);
  static final int PODS = Integer.getInteger("benchmark.pods", 10_000);
  static final int IDENTITIES = Integer.getInteger("benchmark.identities", 2_000);

  @Inject WatcherService service;

  @Test
  void initialSyncOfTenThousandPodsAndTwoThousandIdentitiesAndBindings() throws Exception {
    KubernetesServer server =
        new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    server.before();
    KubernetesClient client = server.getClient();
    // The application's own instance watches the (empty) test server; stop it so the figures are
    // this instance's alone.
    service.stop();
    ExecutorService scheduler = Executors.newFixedThreadPool(2);
    try {
      long fill = System.nanoTime();
      populate(client);
      System.out.printf(
          "BENCHMARK populated %d nodes, %d pods, %d identities, %d bindings in %.1f s%n",
          NODES, PODS, IDENTITIES, IDENTITIES, (System.nanoTime() - fill) / 1e9);

      long baseline = heapAfterGc();
      WatcherConfig options =
          WatcherConfig.check(
              ConfigMappings.of(
                  WatcherConfig.class,
                  "watcher.instance",
                  "bench",
                  "watcher.lease.enabled",
                  "false",
                  "watcher.sync-timeout",
                  "120s",
                  "watcher.resync-interval",
                  "0s",
                  "watcher.retry-delay",
                  "1s"));
      WatcherMetrics metrics = new WatcherMetrics(new SimpleMeterRegistry());
      long expected = NODES + PODS + 2L * IDENTITIES;
      long start = System.nanoTime();
      Watcher watcher =
          new WatcherWiring()
              .watcher(
                  client,
                  service.events().as(WatcherConfig.source(options)),
                  service.kafka(),
                  options,
                  metrics,
                  scheduler);
      watcher.start();
      long listed = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> metrics.publishedTotal() >= expected);
      long published = System.nanoTime();
      long heap = heapAfterGc();
      watcher.close();

      System.out.printf(
          "BENCHMARK initial sync: listed in %.2f s, %d records acknowledged in %.2f s"
              + " (%.0f records/s)%n",
          (listed - start) / 1e9,
          expected,
          (published - start) / 1e9,
          expected / ((published - start) / 1e9));
      System.out.printf(
          "BENCHMARK heap used after GC: %.1f MiB in total, %.1f MiB more than before the"
              + " watcher started (the test server's own copy of the objects is in the"
              + " baseline)%n",
          heap / 1048576.0, (heap - baseline) / 1048576.0);
      System.out.printf(
          "BENCHMARK jvm: %s %s, %d processors, max heap %d MiB%n",
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / 1048576);
      assertThat(metrics.publishedTotal()).isEqualTo((double) expected);
      BenchmarkReport.record(
          "W1",
          "watcher initial sync of " + PODS + " pods, " + IDENTITIES + " identities and bindings",
          // The watcher's heap is what it added: the JVM also holds the application under test,
          // two Kubernetes test servers (one with its own copy of every object) and the broker.
          String.format(
              "%.2f s, watcher heap %.0f MiB (JVM total %.0f MiB with the test fixtures)",
              (published - start) / 1e9, (heap - baseline) / 1048576.0, heap / 1048576.0),
          "",
          "< 10 s, < 256 MiB");
    } finally {
      scheduler.shutdownNow();
      server.after();
      service.start();
    }
  }

  private static void populate(KubernetesClient client) throws Exception {
    parallel(
        NODES,
        i ->
            client
                .nodes()
                .resource(
                    ClusterObjects.node(
                        "aks-pool-vmss" + i, ClusterObjects.providerId("pool-vmss", i)))
                .create());
    parallel(
        PODS,
        i -> {
          Pod pod = ClusterObjects.pod("bench", "pod-" + i, "aks-pool-vmss" + (i % NODES));
          PodStatus status = new PodStatus();
          status.setPhase("Running");
          String ip = "10.244." + (i / 250) + "." + (i % 250 + 1);
          status.setPodIP(ip);
          status.setPodIPs(List.of(new PodIP(ip)));
          pod.setStatus(status);
          client.pods().resource(pod).create();
        });
    parallel(
        IDENTITIES,
        i -> {
          client
              .resource(
                  ClusterObjects.identity("bench", "id-" + i, ClusterObjects.UAMI + "id-" + i))
              .create();
          client
              .resource(ClusterObjects.binding("bench", "bind-" + i, "id-" + i, "sel-" + i))
              .create();
        });
  }

  private static void parallel(int n, IntConsumer create) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(pool.submit(() -> create.accept(k)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
