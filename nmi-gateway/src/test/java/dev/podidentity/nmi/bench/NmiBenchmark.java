package dev.podidentity.nmi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.nmi.it.TestCluster;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.net.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The NMI as users run it (its built jar, a separate process) against a bare Vert.x server, with
 * the same load generator in this JVM: the unbound pod's answer time (P6) and the NMI's resident
 * memory under load (P8). Its throughput and latency figures are printed only: the generator here
 * shares the cores with both servers; {@link SeparateProcessBenchmark} records P1 and P2. Prints
 * numbers; asserts only that the answers were the expected ones.
 *
 * <pre>
 * mvn -B -ntp -pl nmi-gateway package -DskipTests
 * mvn -B -ntp -pl nmi-gateway test -Dbenchmark=true -Dtest=NmiBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class NmiBenchmark {
  static final double SECONDS = Double.parseDouble(System.getProperty("benchmark.seconds", "10"));
  static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 32);
  static final String TOKEN_URI =
      "/metadata/identity/oauth2/token?resource=https%3A%2F%2Fvault.azure.net&api-version=2018-02-01";

  @Test
  void cacheHitsAgainstABareVertxServer() throws Exception {
    assertThat(BenchProcesses.JAR)
        .as("build the jar first: mvn -pl nmi-gateway package -DskipTests")
        .exists();
    String node = "bench-" + UUID.randomUUID().toString().substring(0, 6);
    String vmImds = seed(node);
    int nmiPort = LoopbackPorts.free();
    int helloPort = LoopbackPorts.free();
    Process nmi = startNmi(node, vmImds, nmiPort);
    Process hello = BenchProcesses.startHello(helloPort, Map.of());
    try {
      BenchProcesses.awaitReady();
      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              "benchmark %s, %d cores, %s, closed loop %d connections x %.0f s%n",
              Instant.now(),
              Runtime.getRuntime().availableProcessors(),
              System.getProperty("java.version"),
              CONCURRENCY,
              SECONDS));

      try (LoadGenerator warm = new LoadGenerator("127.0.0.80", nmiPort, TOKEN_URI, CONCURRENCY);
          LoadGenerator hw = new LoadGenerator("127.0.0.80", helloPort, "/", CONCURRENCY)) {
        // Warm both JVMs (JIT) and the NMI's token cache before measuring.
        warm.closedLoop(CONCURRENCY, Math.max(3, SECONDS / 2), 200);
        hw.closedLoop(CONCURRENCY, Math.max(3, SECONDS / 2), 200);

        LoadGenerator.Result base = hw.closedLoop(CONCURRENCY, SECONDS, 200);
        LoadGenerator.Result hit = warm.closedLoop(CONCURRENCY, SECONDS, 200);
        long rssKb = BenchProcesses.rssKb(nmi);
        report.append("bare Vert.x hello world : ").append(base.describe()).append('\n');
        report.append("NMI cache hit           : ").append(hit.describe()).append('\n');
        report.append(
            String.format(
                "throughput ratio NMI / bare Vert.x: %.2f%n",
                hit.throughput() / base.throughput()));
        report.append(
            String.format("NMI resident memory under load (VmRSS): %.1f MiB%n", rssKb / 1024.0));

        LoadGenerator.Result rateBase = hw.fixedRate(1_000, SECONDS, 200);
        String baseLate = lateness(hw);
        LoadGenerator.Result rateHit = warm.fixedRate(1_000, SECONDS, 200);
        String hitLate = lateness(warm);
        report.append("bare Vert.x at 1,000 req/s: ").append(rateBase.describe()).append('\n');
        report.append("  (generator's own lateness handing requests over: ").append(baseLate);
        report.append(")\nNMI hit at 1,000 req/s    : ").append(rateHit.describe()).append('\n');
        report.append("  (generator's own lateness handing requests over: ").append(hitLate);
        report.append(")\n");
        assertThat(hit.errors()).isZero();
        assertThat(rateHit.errors()).isZero();
        // P1 and P2 are recorded by SeparateProcessBenchmark, whose client is not in this JVM:
        // here the generator shares the 2 cores with both servers and bounds them.
        BenchmarkReport.record(
            "P8",
            "NMI resident memory under load (MiB)",
            String.format("%.1f", rssKb / 1024.0),
            "",
            "< 200 MiB");
      }

      try (LoadGenerator unbound = new LoadGenerator("127.0.0.81", nmiPort, TOKEN_URI, 1)) {
        unbound.closedLoop(1, 2, 403);
        LoadGenerator.Result r = unbound.closedLoop(1, Math.max(3, SECONDS / 2), 403);
        report.append("unbound pod (403), one at a time: ").append(r.describe()).append('\n');
        assertThat(r.errors()).isZero();
        BenchmarkReport.record(
            "P6",
            "answer time for an unbound pod (ms)",
            String.format(
                "p50 %.3f, p99 %.3f",
                r.micros().getValueAtPercentile(50) / 1000.0,
                r.micros().getValueAtPercentile(99) / 1000.0),
            "aad-pod-identity: 80 s",
            "< 10 ms");
      }
      report.append(
          String.format("NMI VmRSS at the end: %.1f MiB%n", BenchProcesses.rssKb(nmi) / 1024.0));
      System.out.println("\n===== NMI benchmark =====\n" + report + "=========================");
      Files.writeString(Path.of("target/benchmark-result.txt"), report.toString());
    } finally {
      BenchProcesses.stop(nmi, hello);
    }
  }

  static String lateness(LoadGenerator g) {
    return String.format(
        "p50 %.3f ms, p99 %.3f ms",
        g.lastSendLateness.getValueAtPercentile(50) / 1000.0,
        g.lastSendLateness.getValueAtPercentile(99) / 1000.0);
  }

  /** The cluster state of one bound, assigned pod (127.0.0.80) and one unbound pod (127.0.0.81). */
  static String seed(String node) {
    return seed(node, "127.0.0.80", "127.0.0.81");
  }

  /** The same with the bound pod at {@code boundIp} and the unbound one at {@code unboundIp}. */
  @SuppressWarnings("unchecked")
  static String seed(String node, String boundIp, String unboundIp) {
    String sub = UUID.randomUUID().toString();
    Map<String, Object> vmss = TestCluster.sim().admin().addScaleSet(sub, "rg", node, 1);
    Map<String, Object> vm = ((List<Map<String, Object>>) vmss.get("vms")).get(0);
    Map<String, Object> mi = TestCluster.sim().admin().createIdentity(sub, "rg", "bench-id");
    TestCluster.sim()
        .admin()
        .assignIdentities((String) vmss.get("id"), List.of((String) mi.get("id")), false);
    ComputeTarget target = ComputeTarget.scaleSet(sub, "rg", node);
    TestCluster.publish(
        Topics.NODES, node, new NodeRecord(1, node, "azure:///x", target, null, "1"));
    IdentityRecord id = TestCluster.userAssigned("default", "bench-id", mi);
    TestCluster.publish(Topics.CONFIG, id.key(), id);
    BindingRecord b =
        new BindingRecord(1, "default", "bench-b", "bench-id", "bench", true, null, "1");
    TestCluster.publish(Topics.CONFIG, b.key(), b);
    PodRecord bound = pod(node, target, boundIp, "bench");
    PodRecord unbound = pod(node, target, unboundIp, null);
    TestCluster.publish(
        Topics.ASSIGNMENTS,
        Keys.pod(target, bound.uid()),
        new AssignmentRecord(
            1,
            bound.uid(),
            "default",
            bound.name(),
            node,
            target,
            List.of(
                new AssignedIdentity(
                    "default",
                    "bench-id",
                    "bench-b",
                    IdentityType.USER_ASSIGNED_MSI,
                    (String) mi.get("id"),
                    (String) mi.get("clientId"),
                    (String) mi.get("principalId"),
                    AssignmentState.ASSIGNED,
                    null))));
    assertThat(unbound.hostNetwork()).isFalse();
    return (String) vm.get("imdsEndpoint");
  }

  static PodRecord pod(String node, ComputeTarget target, String ip, String selector) {
    String uid = UUID.randomUUID().toString();
    PodRecord pod =
        new PodRecord(
            1,
            uid,
            "default",
            "pod-" + ip,
            node,
            target,
            List.of(ip),
            PodPhase.RUNNING,
            false,
            false,
            selector == null ? Map.of() : Map.of("aadpodidbinding", selector),
            "1");
    TestCluster.publish(Topics.PODS, Keys.of(pod), pod);
    return pod;
  }

  static Process startNmi(String node, String vmImds, int port) throws IOException {
    // As the DaemonSet runs it: k8s/base/nmi.yaml's JDK_JAVA_OPTIONS and malloc arena limit. The
    // knobs below come after them on the command line, so they win.
    List<String> flags = new ArrayList<>();
    if (System.getProperty("benchmark.nmi.heap") != null) {
      flags.add("-Xmx" + System.getProperty("benchmark.nmi.heap"));
    }
    if (System.getProperty("benchmark.nmi.gc") != null) {
      flags.add(System.getProperty("benchmark.nmi.gc"));
    }
    // e.g. -Dbenchmark.nmi.jvm=-XX:StartFlightRecording=filename=target/nmi.jfr to profile;
    // several flags separated by spaces.
    for (String flag : System.getProperty("benchmark.nmi.jvm", "").trim().split("\\s+")) {
      if (!flag.isEmpty()) {
        flags.add(flag);
      }
    }
    Map<String, String> env = new HashMap<>(BenchProcesses.daemonSetEnv());
    if (System.getProperty("benchmark.nmi.mallocArenas") != null) {
      env.put("MALLOC_ARENA_MAX", System.getProperty("benchmark.nmi.mallocArenas"));
    }
    // -Dbenchmark.requestlog=WARN measures what the per-request log line costs.
    env.put(
        "QUARKUS_LOG_CATEGORY__DEV_PODIDENTITY_NMI_REQUEST__LEVEL",
        System.getProperty("benchmark.requestlog", "INFO"));
    return BenchProcesses.startNmi(
        node, vmImds, port, env, flags, new File("target/nmi-benchmark.log"));
  }
}
