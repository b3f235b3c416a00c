package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.pod.PodHttp;
import dev.podidentity.systemtests.bench.ProcessCpu;
import dev.podidentity.systemtests.bench.TailBreakdown;
import dev.podidentity.systemtests.bench.UpstreamPhases;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.bench.Pacing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * P3f, next to P3/P3e: pod scheduled to first token for federated identities across real processes.
 * Every pod runs as its own service account ({@value #ACCOUNTS_PER_IDENTITY} per identity, Azure's
 * limit of federated credentials), so each first token is a cold TokenRequest + Entra exchange, not
 * a cache hit. Measured twice on one stack: pods arriving at {@code benchmark.federated.rate} a
 * second (within what this machine's CPU serves), then as fast as the API creates them (a burst
 * that asks more CPU of the whole stack than two cores have). Beside them: Entra's own answer time
 * for the same exchange sent directly (the part the NMI cannot make faster), the ARM updates made
 * meanwhile (the goal is none), and cache-hit latency against a type 0 identity's. Not a timed
 * test: it asserts only that every pod was served.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class FederatedTokenBenchmark extends FederatedScenario {
  static final int ACCOUNTS_PER_IDENTITY = 20;
  static final int WARM_PODS = 60;

  /** One arrival of federated pods: their first tokens (ns, sorted) and what the stack did. */
  private record Arrival(
      List<PodRef> pods,
      List<SimIdentity> ids,
      long[] first,
      double perSecond,
      long armUpdates,
      long exchanges,
      String cpuPerPod,
      String upstream,
      String slowest) {}

  @Test
  void federatedPodToFirstToken() throws Exception {
    int pods = Integer.getInteger("benchmark.pods", 100);
    double rate = Double.parseDouble(System.getProperty("benchmark.federated.rate", "10"));
    // Type 0's cache hits first, so its PATCH is over before the federated pods arrive; its pod
    // stays until the end, so its removal is not counted among the federated pods' ARM calls.
    List<PodRef> started = new ArrayList<>();
    long[] typeZeroHits = typeZeroCacheHits(pods, started);
    String ns = unique("fedbench");
    warmUp(ns, rate, started);
    Arrival paced = arrive(ns, "paced", pods, rate, started);
    Arrival burst = arrive(ns, "burst", pods, 0, started);
    // Cache hits one after another on quiet NMIs, as type 0's are measured.
    long[] hits = new long[pods];
    for (int i = 0; i < pods; i++) {
      PodRef pod = burst.pods().get(i);
      String clientId = burst.ids().get(i / ACCOUNTS_PER_IDENTITY).clientId();
      hits[i] = timed(() -> token(pod, clientId).status());
    }
    java.util.Arrays.sort(hits);
    FederatedOwnAnswers own =
        FederatedOwnAnswers.measure(
            stack(),
            ns,
            burst.pods(),
            i -> burst.ids().get(i / ACCOUNTS_PER_IDENTITY).clientId(),
            Math.min(pods, 20));
    String baseline =
        String.format(
            Locale.ROOT,
            "Entra's own answer p50 %.1f ms, p99 %.1f ms; the TokenRequest's own p50 %.1f ms, p99"
                + " %.1f ms; type 0 cache hit p50 %.2f ms, p99 %.2f ms",
            ms(own.entra(), 0.5),
            ms(own.entra(), 0.99),
            ms(own.tokenRequest(), 0.5),
            ms(own.tokenRequest(), 0.99),
            ms(typeZeroHits, 0.5),
            ms(typeZeroHits, 0.99));
    String hitFigures =
        String.format(
            Locale.ROOT, "cache hit p50 %.2f ms, p99 %.2f ms", ms(hits, 0.5), ms(hits, 0.99));
    report("paced", paced, own, "", baseline, pods);
    report("burst", burst, own, "; " + hitFigures, baseline, pods);
    started.forEach(stack()::deletePod);
    assertThat(paced.exchanges()).isGreaterThanOrEqualTo(pods);
    assertThat(burst.exchanges()).isGreaterThanOrEqualTo(pods);
  }

  /**
   * {@code pods} federated pods of new identities and service accounts, created {@code rate} a
   * second (0: one after another as fast as the API answers), each pod's request sent the moment it
   * is scheduled.
   */
  private Arrival arrive(String ns, String name, int pods, double rate, List<PodRef> started)
      throws Exception {
    int identities = (pods + ACCOUNTS_PER_IDENTITY - 1) / ACCOUNTS_PER_IDENTITY;
    List<SimIdentity> ids = new ArrayList<>();
    for (int i = 0; i < identities; i++) {
      SimIdentity mi = identity("fed" + name + i);
      ids.add(mi);
      for (int a = 0; a < ACCOUNTS_PER_IDENTITY; a++) {
        stack().federated().trust(mi, ns, name + "-sa-" + a);
      }
      stack().federated().add(ns, name + i, mi, ns + "-" + name + i);
    }
    String scaleSet = stack().scaleSetId().substring(stack().scaleSetId().lastIndexOf('/') + 1);
    long patchesBefore = stack().simulator().computeCount(scaleSet, "PATCH");
    long putsBefore = stack().simulator().computeCount(scaleSet, "PUT");
    long exchangesBefore = entra("accepted");
    UpstreamPhases upstreamBefore = UpstreamPhases.scrape(stack());
    ProcessCpu cpuBefore = ProcessCpu.snapshot();

    ExecutorService clients = Executors.newFixedThreadPool(Math.min(pods, 1000));
    List<Future<Long>> served = new ArrayList<>();
    List<PodRef> created = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < pods; i++) {
      if (rate > 0) {
        // Open loop: pod i is due at i / rate, however long the ones before took.
        Pacing.awaitNanoTime(t0 + (long) (i * 1e9 / rate));
      }
      SimIdentity mi = ids.get(i / ACCOUNTS_PER_IDENTITY);
      PodRef pod =
          stack()
              .pods()
              .start(
                  ns,
                  unique("pod"),
                  Map.of("aadpodidbinding", ns + "-" + name + (i / ACCOUNTS_PER_IDENTITY)),
                  node(i % SharedStack.NODES),
                  name + "-sa-" + (i % ACCOUNTS_PER_IDENTITY));
      created.add(pod);
      long scheduled = System.nanoTime();
      served.add(clients.submit(() -> firstToken(pod, mi, scheduled)));
    }
    double perSecond = pods / ((System.nanoTime() - t0) / 1e9);
    long[] first = new long[pods];
    for (int i = 0; i < pods; i++) {
      first[i] = served.get(i).get(5, TimeUnit.MINUTES);
    }
    clients.shutdown();
    started.addAll(created);
    String cpuPerPod = cpuBefore.perUnitUntil(ProcessCpu.snapshot(), pods);
    String upstream = upstreamBefore.until(UpstreamPhases.scrape(stack()));
    long armUpdates =
        stack().simulator().computeCount(scaleSet, "PATCH")
            - patchesBefore
            + stack().simulator().computeCount(scaleSet, "PUT")
            - putsBefore
            + ids.stream().mapToLong(this::armUpdatesNaming).sum();
    // Which pods were slowest says whether the tail is a queue (late in a burst) or a warm-up.
    String slowest =
        java.util.stream.IntStream.range(0, pods)
            .boxed()
            .sorted((x, y) -> Long.compare(first[y], first[x]))
            .limit(5)
            .map(i -> String.format(Locale.ROOT, "#%d %.0f ms", i, first[i] / 1e6))
            .collect(java.util.stream.Collectors.joining(", "));
    java.util.Arrays.sort(first);
    return new Arrival(
        created,
        ids,
        first,
        perSecond,
        armUpdates,
        entra("accepted") - exchangesBefore,
        cpuPerPod,
        upstream,
        slowest);
  }

  private void report(
      String name, Arrival a, FederatedOwnAnswers own, String hits, String baseline, int pods) {
    double p50 = ms(a.first(), 0.5);
    double p99 = ms(a.first(), 0.99);
    String measured =
        String.format(
            Locale.ROOT,
            "%.1f pods/s: first token p50 %.1f ms, p99 %.1f ms; beyond Entra's own answer: p50"
                + " +%.1f ms, p99 +%.1f ms; %d ARM updates, %d Entra exchanges%s; inside the NMIs:"
                + " %s; CPU per first token: %s; slowest pods by arrival: %s",
            a.perSecond(),
            p50,
            p99,
            p50 - ms(own.entra(), 0.5),
            p99 - ms(own.entra(), 0.99),
            a.armUpdates(),
            a.exchanges(),
            hits,
            a.upstream(),
            a.cpuPerPod(),
            a.slowest());
    System.out.printf(
        Locale.ROOT,
        "FederatedTokenBenchmark (%s): %d pods, %d nodes: %s | %s%n",
        name,
        pods,
        SharedStack.NODES,
        measured,
        baseline);
    BenchmarkReport.record(
        "P3f",
        String.format(
            Locale.ROOT,
            "federated, %s: pod scheduled → first token, %d pods, each its own service account"
                + " (real processes)",
            name,
            pods),
        measured,
        baseline,
        "0 ARM calls; p99 < Entra's + 100 ms; cache hits as fast as type 0's");
  }

  /** The pod's first request at once (the NMI holds it until it knows the pod): nanoseconds. */
  private long firstToken(PodRef pod, SimIdentity mi, long scheduled) {
    PodHttp.Response r = token(pod, mi.clientId());
    if (r.status() != 200) {
      r = awaitTokenStatus(pod, mi.clientId(), 200);
    }
    long firstNanos = System.nanoTime() - scheduled;
    assertThat(r.body()).contains(mi.clientId());
    return firstNanos;
  }

  /**
   * The stack's JVMs were just started: {@value #WARM_PODS} federated pods through every step
   * first, at the paced rate (the NMIs' first TokenRequests, their connections to Entra, the
   * stand-ins' signing compiled), so the figures are the steady state's, as P3 warms up. With three
   * pods, the paced run's first 40 pods were its slowest.
   */
  private void warmUp(String ns, double rate, List<PodRef> started) throws Exception {
    if (Boolean.parseBoolean(System.getProperty("benchmark.warmup", "true"))) {
      arrive(ns, "warm", WARM_PODS, rate, started);
    }
  }

  /** A type 0 identity's pod after its first token: {@code n} cache hits, in nanoseconds. */
  private long[] typeZeroCacheHits(int n, List<PodRef> started) {
    String ns = unique("t0hit");
    SimIdentity mi = identity("t0hit");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));
    started.add(pod);
    awaitTokenStatus(pod, mi.clientId(), 200);
    long[] hits = new long[n];
    for (int i = 0; i < n; i++) {
      hits[i] = timed(() -> token(pod, mi.clientId()).status());
    }
    java.util.Arrays.sort(hits);
    return hits;
  }

  private static long timed(LongSupplier call) {
    long t0 = System.nanoTime();
    call.getAsLong();
    return System.nanoTime() - t0;
  }

  private static double ms(long[] sortedNanos, double q) {
    return TailBreakdown.quantile(sortedNanos, q) / 1e6;
  }
}
