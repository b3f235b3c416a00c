package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.Eager;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.SimNode;
import dev.podidentity.local.pod.PodHttp;
import dev.podidentity.systemtests.bench.MetricLines;
import dev.podidentity.systemtests.bench.StackTimeline;
import dev.podidentity.systemtests.bench.TailBreakdown;
import dev.podidentity.systemtests.bench.TailBreakdown.Phases;
import dev.podidentity.systemtests.bench.TailBreakdown.Pod;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.bench.Pacing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Pod-scheduled-to-first-token latency across real processes: {@code -Dbenchmark.pods} pods (100 by
 * default) over {@code -Dbenchmark.identities} identities (5), created one after another, as fast
 * as the API answers, or at {@code -Dbenchmark.rate} pods a second (open loop) when given; prints
 * percentiles, the total, and where each pod's time went ({@link TailBreakdown}: the client's
 * times, Kafka record timestamps, the simulator's operations); once with ordinary bindings (P3, the
 * reactive path) and once with eager ones (P3e). Not a timed test: it asserts only that every pod
 * was served.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class PodToTokenBenchmark extends Scenario {

  @Test
  void podToFirstToken() throws Exception {
    long patchMs = Long.getLong("stack.patchLatencyMs", 500);
    Run run = measure(false);
    BenchmarkReport.record(
        "P3",
        String.format(
            Locale.ROOT,
            "pod scheduled to token served, %d pods (%s), PATCH latency %d ms (real processes)",
            run.pods(),
            run.arrival(),
            patchMs),
        String.format(
            Locale.ROOT,
            "p50 %d ms (%.2f x), p90 %d ms, p99 %d ms (%.2f x), max %d ms; p99+ pods: %s",
            run.quantile(0.5),
            run.quantile(0.5) / (double) patchMs,
            run.quantile(0.9),
            run.quantile(0.99),
            run.quantile(0.99) / (double) patchMs,
            run.quantile(1),
            TailBreakdown.tailSummary(run.phases())),
        "",
        "p99 <= 2.05 x, p50 <= 1.1 x latency (reactive)");
  }

  /**
   * P3e: the same with eager bindings, whose identities are on the scale set before the first pod;
   * counts the PATCHes made while the pods arrive (the goal is none).
   */
  @Test
  void eagerPodToFirstToken() throws Exception {
    long patchMs = Long.getLong("stack.patchLatencyMs", 500);
    Run run = measure(true);
    BenchmarkReport.record(
        "P3e",
        String.format(
            Locale.ROOT,
            "eager: pod scheduled to token served, %d pods (%s), PATCH latency %d ms (real"
                + " processes)",
            run.pods(),
            run.arrival(),
            patchMs),
        String.format(
            Locale.ROOT,
            "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; %d PATCHes while pods arrived; p99+"
                + " pods: %s",
            run.quantile(0.5),
            run.quantile(0.9),
            run.quantile(0.99),
            run.quantile(1),
            run.patches(),
            TailBreakdown.tailSummary(run.phases())),
        "",
        "p99 < 100 ms (independent of ARM), 0 PATCHes");
  }

  /** One run's per-pod phases, sorted totals, and the PATCHes made while its pods arrived. */
  record Run(List<Phases> phases, long[] sortedMs, long patches, double paced) {
    int pods() {
      return sortedMs.length;
    }

    /** How the pods arrived, for the result's row. */
    String arrival() {
      return paced > 0
          ? String.format(Locale.ROOT, "%.0f a second", paced)
          : "as fast as the API answers";
    }

    long quantile(double q) {
      return TailBreakdown.quantile(sortedMs, q);
    }
  }

  private Run measure(boolean eager) throws Exception {
    int pods = Integer.getInteger("benchmark.pods", 100);
    int identities = Integer.getInteger("benchmark.identities", 5);
    long patchMs = Long.getLong("stack.patchLatencyMs", 500);
    String ns = unique(eager ? "eager" : "bench");
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
    long[] prefetchedBefore = prefetched();
    Map<String, String> annotations = eager ? Map.of(Eager.ANNOTATION, "true") : Map.of();
    for (int i = 0; i < identities; i++) {
      SimIdentity mi = identity((eager ? "eager" : "bench") + i);
      measured.add(mi);
      stack().addPodIdentity(ns, "id" + i, mi, ns + "-" + i, annotations);
    }
    if (eager) {
      measured.forEach(this::awaitOnScaleSet);
      if (SharedStack.PREFETCH) {
        // As in production, where bindings precede pods: the pool's NMIs hold the eager
        // identities' tokens before the first pod asks.
        awaitPrefetched(prefetchedBefore, identities);
      }
    }
    String scaleSet = stack().scaleSetId().substring(stack().scaleSetId().lastIndexOf('/') + 1);
    long patchesBefore = stack().simulator().computeCount(scaleSet, "PATCH");
    // One request per pod, sent the moment the pod is scheduled with its IP: the NMI holds it
    // until the assignment arrives, so the answer time is the pod's scheduled-to-token time. A
    // thread per pod: a request queued behind others would add the client's wait to the figure.
    ExecutorService clients = Executors.newFixedThreadPool(Math.min(pods, 1000));
    List<Future<Pod>> served = new ArrayList<>();
    double rate = Double.parseDouble(System.getProperty("benchmark.rate", "0"));
    long t0 = System.nanoTime();
    for (int i = 0; i < pods; i++) {
      if (rate > 0) {
        // Open loop: pod i is due at i / rate, however long the ones before took.
        Pacing.awaitNanoTime(t0 + (long) (i * 1e9 / rate));
      }
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
    long patches = stack().simulator().computeCount(scaleSet, "PATCH") - patchesBefore;
    StackTimeline timeline = StackTimeline.read(stack());
    List<Phases> phases =
        times.stream()
            .map(t -> TailBreakdown.of(t, timeline.of(t.uid()), timeline.patches()))
            .toList();
    Run run =
        new Run(phases, phases.stream().mapToLong(Phases::total).sorted().toArray(), patches, rate);
    System.out.printf(
        Locale.ROOT,
        "PodToTokenBenchmark%s: %d pods (created at %.1f a second), %d identities, %d nodes, PATCH"
            + " latency %d ms: total %.1f s; scheduled-to-token p50 %d ms, p90 %d ms, p99 %d ms,"
            + " max %d ms; %d PATCHes while pods arrived%n%sslowest pods:%n%s%s%n%s%n",
        eager ? " (eager)" : "",
        pods,
        createdPerSecond,
        identities,
        SharedStack.NODES,
        patchMs,
        total / 1000.0,
        run.quantile(0.5),
        run.quantile(0.9),
        run.quantile(0.99),
        run.quantile(1),
        patches,
        TailBreakdown.table(phases),
        TailBreakdown.slowest(phases, 5),
        timeline.assignerSummary(),
        timeline.nmiSummary());
    started.forEach(stack()::deletePod);
    for (int i = 0; i < identities; i++) {
      stack().cluster().deleteBinding(ns, "id" + i + "-binding"); // eager ones stay otherwise
    }
    ids.addAll(measured);
    ids.forEach(this::awaitOffScaleSet);
    return run;
  }

  /** Each node's NMI's count of tokens it fetched before pods asked (its management port). */
  private long[] prefetched() throws Exception {
    List<SimNode> nodes = stack().nodes();
    long[] out = new long[nodes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          (long)
              MetricLines.scrape(stack().services().managementUrl("nmi-" + nodes.get(i).index()))
                  .sum("podidentity_nmi_prefetch_total", "outcome=\"fetched\"");
    }
    return out;
  }

  /**
   * Waits (bounded) until every node's NMI has prefetched {@code tokens} more: the eager
   * identities' tokens, tried again after IMDS refused them while their PATCH was under way.
   */
  private void awaitPrefetched(long[] before, int tokens) {
    long t0 = System.nanoTime();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              long[] now = prefetched();
              for (int i = 0; i < now.length; i++) {
                if (now[i] - before[i] < tokens) {
                  return false;
                }
              }
              return true;
            });
    System.out.printf(
        Locale.ROOT,
        "PodToTokenBenchmark (eager): every NMI prefetched the %d identities %.1f s after they"
            + " were on the scale set%n",
        tokens,
        (System.nanoTime() - t0) / 1e9);
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
