package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.pod.PodHttp;
import dev.podidentity.systemtests.bench.StackTimeline;
import dev.podidentity.systemtests.bench.TailBreakdown;
import dev.podidentity.systemtests.bench.TailBreakdown.Phases;
import dev.podidentity.systemtests.bench.TailBreakdown.Pod;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Pod-scheduled-to-first-token latency across real processes: {@code -Dbenchmark.pods} pods (100 by
 * default) over {@code -Dbenchmark.identities} identities (5), created one after another; prints
 * percentiles, the total, and where each pod's time went ({@link TailBreakdown}: the client's
 * times, Kafka record timestamps, the simulator's operations). Not a timed test: it asserts only
 * that every pod was served.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class PodToTokenBenchmark extends Scenario {

  @Test
  void podToFirstToken() throws Exception {
    int pods = Integer.getInteger("benchmark.pods", 100);
    int identities = Integer.getInteger("benchmark.identities", 5);
    long patchMs = Long.getLong("stack.patchLatencyMs", 500);
    String ns = unique("bench");
    List<PodRef> started = new ArrayList<>();
    List<SimIdentity> ids = new ArrayList<>();
    if (Boolean.parseBoolean(System.getProperty("benchmark.warmup", "true"))) {
      // The stack's JVMs were just started: one pod through every step first (a PATCH, an IMDS
      // token, each service's code paths compiled), so the figure is the steady state's and not
      // the first minute's of a fresh JVM. It stays until the end, so no removal runs meanwhile.
      SimIdentity warm = identity("warm");
      ids.add(warm);
      stack().addPodIdentity(ns, "warm", warm, ns + "-warm");
      PodRef pod = pod(ns, ns + "-warm", node(0));
      started.add(pod);
      awaitTokenStatus(pod, warm.clientId(), 200);
    }
    List<SimIdentity> measured = new ArrayList<>();
    for (int i = 0; i < identities; i++) {
      SimIdentity mi = identity("bench" + i);
      measured.add(mi);
      stack().addPodIdentity(ns, "id" + i, mi, ns + "-" + i);
    }
    // One request per pod, sent the moment the pod is scheduled with its IP: the NMI holds it
    // until the assignment arrives, so the answer time is the pod's scheduled-to-token time. A
    // thread per pod: a request queued behind others would add the client's wait to the figure.
    ExecutorService clients = Executors.newFixedThreadPool(Math.min(pods, 1000));
    List<Future<Pod>> served = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < pods; i++) {
      SimIdentity mi = measured.get(i % identities);
      PodRef pod = pod(ns, ns + "-" + (i % identities), node(i % SharedStack.NODES));
      started.add(pod);
      long scheduled = System.currentTimeMillis();
      served.add(clients.submit(() -> firstToken(pod, mi, scheduled)));
    }
    double createdPerSecond = pods / ((System.nanoTime() - t0) / 1e9);
    List<Pod> times = new ArrayList<>();
    for (Future<Pod> f : served) {
      times.add(f.get(5, TimeUnit.MINUTES));
    }
    clients.shutdown();
    long total = (System.nanoTime() - t0) / 1_000_000;
    StackTimeline timeline = StackTimeline.read(stack());
    List<Phases> phases =
        times.stream()
            .map(t -> TailBreakdown.of(t, timeline.of(t.uid()), timeline.patches()))
            .toList();
    long[] latencyMs = phases.stream().mapToLong(Phases::total).sorted().toArray();
    long p50 = TailBreakdown.quantile(latencyMs, 0.5);
    long p99 = TailBreakdown.quantile(latencyMs, 0.99);
    System.out.printf(
        Locale.ROOT,
        "PodToTokenBenchmark: %d pods (created at %.1f a second), %d identities, %d nodes, PATCH"
            + " latency %d ms: total %.1f s; scheduled-to-token p50 %d ms, p90 %d ms, p99 %d ms,"
            + " max %d ms%n%sslowest pods:%n%s%s%n%s%n",
        pods,
        createdPerSecond,
        identities,
        SharedStack.NODES,
        patchMs,
        total / 1000.0,
        p50,
        TailBreakdown.quantile(latencyMs, 0.9),
        p99,
        latencyMs[pods - 1],
        TailBreakdown.table(phases),
        TailBreakdown.slowest(phases, 5),
        timeline.assignerSummary(),
        timeline.nmiSummary());
    BenchmarkReport.record(
        "P3",
        String.format(
            Locale.ROOT,
            "pod scheduled to token served, %d pods, PATCH latency %d ms (real processes)",
            pods,
            patchMs),
        String.format(
            Locale.ROOT,
            "p50 %d ms (%.2f x), p90 %d ms, p99 %d ms (%.2f x), max %d ms; p99+ pods: %s",
            p50,
            p50 / (double) patchMs,
            TailBreakdown.quantile(latencyMs, 0.9),
            p99,
            p99 / (double) patchMs,
            latencyMs[pods - 1],
            TailBreakdown.tailSummary(phases)),
        "",
        "p99 <= 2.05 x, p50 <= 1.1 x latency (reactive)");
    started.forEach(stack()::deletePod);
    ids.addAll(measured);
    ids.forEach(this::awaitOffScaleSet);
  }

  /**
   * The pod's first request goes out at once and is normally the one answered; only an answer other
   * than 200 (the NMI's wait bound ran out) falls back to asking again.
   */
  private Pod firstToken(PodRef pod, SimIdentity mi, long scheduled) {
    long requested = System.currentTimeMillis();
    PodHttp.Response r = token(pod, mi.clientId());
    if (r.status() != 200) {
      r = awaitTokenStatus(pod, mi.clientId(), 200);
    }
    long answered = System.currentTimeMillis();
    assertThat(r.body()).contains(mi.clientId());
    return new Pod(pod.uid(), mi.id().toLowerCase(Locale.ROOT), scheduled, requested, answered);
  }
}
