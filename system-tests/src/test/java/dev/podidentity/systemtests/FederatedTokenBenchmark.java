package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.azuresim.SimulatorTrust;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.pod.PodHttp;
import dev.podidentity.nmi.adapter.entra.FederatedTokenSource;
import dev.podidentity.nmi.adapter.kubernetes.KubernetesServiceAccountTokens;
import dev.podidentity.systemtests.bench.ProcessCpu;
import dev.podidentity.systemtests.bench.TailBreakdown;
import dev.podidentity.systemtests.bench.UpstreamPhases;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * a cache hit. Beside it: Entra's own answer time for the same exchange sent directly (the part the
 * NMI cannot make faster), the ARM updates made meanwhile (the goal is none), and cache-hit latency
 * against a type 0 identity's. Not a timed test: it asserts only that every pod was served.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class FederatedTokenBenchmark extends FederatedScenario {
  static final int ACCOUNTS_PER_IDENTITY = 20;

  @Test
  void federatedPodToFirstToken() throws Exception {
    int pods = Integer.getInteger("benchmark.pods", 100);
    int identities = (pods + ACCOUNTS_PER_IDENTITY - 1) / ACCOUNTS_PER_IDENTITY;
    // Type 0's cache hits first, so its PATCH is over before the federated pods arrive; its pod
    // stays until the end, so its removal is not counted among the federated pods' ARM calls.
    List<PodRef> started = new ArrayList<>();
    long[] typeZeroHits = typeZeroCacheHits(pods, started);
    String ns = unique("fedbench");
    warmUp(ns, started);
    List<SimIdentity> ids = new ArrayList<>();
    for (int i = 0; i < identities; i++) {
      SimIdentity mi = identity("fedbench" + i);
      ids.add(mi);
      for (int a = 0; a < ACCOUNTS_PER_IDENTITY; a++) {
        stack().federated().trust(mi, ns, "sa-" + a);
      }
      stack().federated().add(ns, "id" + i, mi, ns + "-" + i);
    }
    String scaleSet = stack().scaleSetId().substring(stack().scaleSetId().lastIndexOf('/') + 1);
    long patchesBefore = stack().simulator().computeCount(scaleSet, "PATCH");
    long putsBefore = stack().simulator().computeCount(scaleSet, "PUT");
    long exchangesBefore = entra("accepted");
    UpstreamPhases upstreamBefore = UpstreamPhases.scrape(stack());
    ProcessCpu cpuBefore = ProcessCpu.snapshot();

    ExecutorService clients = Executors.newFixedThreadPool(Math.min(pods, 1000));
    List<Future<Long>> served = new ArrayList<>();
    List<PodRef> federatedPods = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      SimIdentity mi = ids.get(i / ACCOUNTS_PER_IDENTITY);
      PodRef pod =
          stack()
              .pods()
              .start(
                  ns,
                  unique("pod"),
                  Map.of("aadpodidbinding", ns + "-" + (i / ACCOUNTS_PER_IDENTITY)),
                  node(i % SharedStack.NODES),
                  "sa-" + (i % ACCOUNTS_PER_IDENTITY));
      federatedPods.add(pod);
      long scheduled = System.nanoTime();
      served.add(clients.submit(() -> firstToken(pod, mi, scheduled)));
    }
    long[] first = new long[pods];
    for (int i = 0; i < pods; i++) {
      first[i] = served.get(i).get(5, TimeUnit.MINUTES);
    }
    clients.shutdown();
    String cpuPerPod = cpuBefore.perUnitUntil(ProcessCpu.snapshot(), pods);
    String upstream = upstreamBefore.until(UpstreamPhases.scrape(stack()));
    // Cache hits one after another on quiet NMIs, as type 0's are measured.
    long[] hits = new long[pods];
    for (int i = 0; i < pods; i++) {
      PodRef pod = federatedPods.get(i);
      String clientId = ids.get(i / ACCOUNTS_PER_IDENTITY).clientId();
      hits[i] = timed(() -> token(pod, clientId).status());
    }
    long exchanges = entra("accepted") - exchangesBefore;
    long armUpdates =
        stack().simulator().computeCount(scaleSet, "PATCH")
            - patchesBefore
            + stack().simulator().computeCount(scaleSet, "PUT")
            - putsBefore
            + ids.stream().mapToLong(this::armUpdatesNaming).sum();
    OwnAnswers own = ownAnswers(ns, federatedPods, ids, Math.min(pods, 20));
    long[] entraOwn = own.entra();
    java.util.Arrays.sort(first);
    java.util.Arrays.sort(hits);
    double p50 = ms(first, 0.5);
    double p99 = ms(first, 0.99);
    double entra50 = ms(entraOwn, 0.5);
    double entra99 = ms(entraOwn, 0.99);
    String measured =
        String.format(
            Locale.ROOT,
            "first token p50 %.1f ms, p99 %.1f ms; beyond Entra's own answer: p50 +%.1f ms,"
                + " p99 +%.1f ms; %d ARM updates, %d Entra exchanges; cache hit p50 %.2f ms,"
                + " p99 %.2f ms; inside the NMIs: %s",
            p50,
            p99,
            p50 - entra50,
            p99 - entra99,
            armUpdates,
            exchanges,
            ms(hits, 0.5),
            ms(hits, 0.99),
            upstream);
    String baseline =
        String.format(
            Locale.ROOT,
            "Entra's own answer p50 %.1f ms, p99 %.1f ms; the TokenRequest's own p50 %.1f ms, p99"
                + " %.1f ms; type 0 cache hit p50 %.2f ms, p99 %.2f ms",
            entra50,
            entra99,
            ms(own.tokenRequest(), 0.5),
            ms(own.tokenRequest(), 0.99),
            ms(typeZeroHits, 0.5),
            ms(typeZeroHits, 0.99));
    System.out.printf(
        Locale.ROOT,
        "FederatedTokenBenchmark: %d pods, %d identities, %d nodes: %s | %s%n  inside the NMIs'"
            + " first tokens: %s%n  CPU per first token, by process: %s%n",
        pods,
        identities,
        SharedStack.NODES,
        measured,
        baseline,
        upstream,
        cpuPerPod);
    BenchmarkReport.record(
        "P3f",
        String.format(
            Locale.ROOT,
            "federated: pod scheduled → first token, %d pods, each its own service account (real"
                + " processes)",
            pods),
        measured,
        baseline,
        "0 ARM calls; p99 < Entra's + 100 ms; cache hits as fast as type 0's");
    started.addAll(federatedPods);
    started.forEach(stack()::deletePod);
    assertThat(exchanges).isGreaterThanOrEqualTo(pods);
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
   * The stack's JVMs were just started: one federated pod per node through every step first (the
   * NMI's first TokenRequest, its connection to Entra, each code path compiled), so the figure is
   * the steady state's, as P3 warms up.
   */
  private void warmUp(String ns, List<PodRef> started) {
    if (!Boolean.parseBoolean(System.getProperty("benchmark.warmup", "true"))) {
      return;
    }
    SimIdentity warm = identity("fedwarm");
    stack().federated().trust(warm, ns, "warm");
    stack().federated().add(ns, "warm", warm, ns + "-warm");
    for (int n = 0; n < SharedStack.NODES; n++) {
      PodRef pod =
          stack()
              .pods()
              .start(ns, unique("warm"), Map.of("aadpodidbinding", ns + "-warm"), node(n), "warm");
      started.add(pod);
      awaitTokenStatus(pod, warm.clientId(), 200);
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

  /** The upstream calls' own answer times, sent directly: nanoseconds, sorted. */
  record OwnAnswers(long[] entra, long[] tokenRequest) {}

  /**
   * The two calls of a federated token's cold path, each sent directly, one after another: the
   * TokenRequest of a measured pod (the NMI's request: {@code boundTo}), then Entra's exchange of
   * that token, over one kept-alive connection as the NMI's. The parts the NMI cannot make faster.
   */
  private OwnAnswers ownAnswers(String ns, List<PodRef> pods, List<SimIdentity> ids, int n)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder().sslContext(SimulatorTrust.sslContext(stack().trustPem())).build();
    long[] entra = new long[n + 1];
    long[] tokenRequest = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      PodRef pod = pods.get(i % n);
      long t0 = System.nanoTime();
      String assertion =
          stack()
              .kubernetes()
              .client()
              .serviceAccounts()
              .inNamespace(ns)
              .withName(pod.serviceAccount())
              .tokenRequest(
                  KubernetesServiceAccountTokens.boundTo(
                      pod.name(), pod.uid(), FederatedTokenSource.AUDIENCE, 600L))
              .getStatus()
              .getToken();
      tokenRequest[i] = System.nanoTime() - t0;
      String clientId = ids.get((i % n) / ACCOUNTS_PER_IDENTITY).clientId();
      HttpRequest request = exchange(clientId, assertion);
      long t1 = System.nanoTime();
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      entra[i] = System.nanoTime() - t1;
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
    // The first ones opened the connections (the NMI's are open by then too): not counted.
    long[] e = java.util.Arrays.copyOfRange(entra, 1, n + 1);
    long[] t = java.util.Arrays.copyOfRange(tokenRequest, 1, n + 1);
    java.util.Arrays.sort(e);
    java.util.Arrays.sort(t);
    return new OwnAnswers(e, t);
  }

  private HttpRequest exchange(String clientId, String assertion) {
    String body =
        String.join(
            "&",
            "grant_type=client_credentials",
            "client_id=" + clientId,
            "client_assertion_type="
                + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            "client_assertion=" + enc(assertion),
            "scope=" + enc(ARM + ".default"));
    return HttpRequest.newBuilder(
            URI.create(
                stack().armUrl() + "/" + SimulatorConfig.DEFAULT_TENANT + "/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
