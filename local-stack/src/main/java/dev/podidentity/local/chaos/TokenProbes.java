package dev.podidentity.local.chaos;

import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.SimNode;
import dev.podidentity.local.chaos.core.FailureCause;
import dev.podidentity.local.chaos.core.ReliabilityReport;
import dev.podidentity.local.chaos.core.TokenOracle;
import dev.podidentity.local.chaos.core.TokenOracle.Verdict;
import dev.podidentity.local.pod.PodHttp;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token requests from the workload's pods to their node's NMI, as the Azure SDK sends them, each
 * judged by the {@link TokenOracle}: legitimate ones (a bound identity's client id, or none) and
 * hostile ones (an identity the pod is not bound to). Counts grants by verdict and failures by
 * cause.
 */
final class TokenProbes {
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final String ARM = "https://management.azure.com/";

  private final Workload workload;
  private final TokenOracle oracle;
  private final Workload.Clock clock;
  private final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
  private final Map<String, Long> failures = new TreeMap<>();
  private final Map<String, Long> hostile = new TreeMap<>();
  private final AtomicLong maxStaleness = new AtomicLong();
  private final List<String> violations;

  TokenProbes(
      Workload workload, TokenOracle oracle, Workload.Clock clock, List<String> violations) {
    this.workload = workload;
    this.oracle = oracle;
    this.clock = clock;
    this.violations = violations;
  }

  /** One legitimate request from a random live pod with at least one bound identity. */
  void legitimate(Random random) {
    Optional<Workload.Pod> pick = workload.randomLive(random);
    if (pick.isEmpty()) {
      return;
    }
    Workload.Pod pod = pick.get();
    List<SimIdentity> bound = workload.boundTo(pod.selector());
    if (bound.isEmpty()) {
      return;
    }
    // Without a client id the NMI picks one of the pod's identities, as aad's NMI did.
    String clientId =
        random.nextInt(4) == 0 ? null : bound.get(random.nextInt(bound.size())).clientId();
    Answer a = send(pod.ref().ip(), pod.ref().node().nmiPort(), clientId);
    if (a.status == 200) {
      judge(pod, a, "legitimate");
    } else {
      count(failures, a.cause());
    }
  }

  /** From a bound pod, for an identity it is not bound to: a 200 is a violation. */
  void notBound(Random random) {
    Optional<Workload.Pod> pick = workload.randomLive(random);
    if (pick.isEmpty()) {
      return;
    }
    Workload.Pod pod = pick.get();
    List<SimIdentity> all = workload.identities();
    SimIdentity other = all.get(random.nextInt(all.size()));
    if (workload.boundTo(pod.selector()).contains(other)) {
      return;
    }
    Answer a = send(pod.ref().ip(), pod.ref().node().nmiPort(), other.clientId());
    count(hostile, "not-bound " + hostileCause(a, pod.ref().node()));
    if (a.status == 200) {
      judge(pod, a, "not-bound");
    }
  }

  /** From an address no pod has, or the node's own (a host-network pod): a 200 is a violation. */
  void stranger(String ip, SimNode node, String kind, String clientId) {
    Answer a = send(ip, node.nmiPort(), clientId);
    count(hostile, kind + " " + hostileCause(a, node));
    if (a.status == 200) {
      synchronized (violations) {
        violations.add(kind + " request from " + ip + " got a token: " + a.clientId());
      }
    }
  }

  /**
   * The answer's cause; a 503 from an NMI that is not ready (its view not replayed or stale) is its
   * fail-closed answer to everyone, not an answer to the bad input, and is named so (the report
   * counts only causes ending in a 5xx status as 5xx for bad input).
   */
  private static String hostileCause(Answer a, SimNode node) {
    if (a.status() != 503 || !ReliabilityReport.isFiveHundred(a.cause())) {
      return a.cause(); // not a 503, or one whose body says the NMI failed closed
    }
    try {
      int ready =
          PodHttp.get(
                  "127.0.0.1",
                  "127.0.0.1",
                  node.nmiManagementPort(),
                  "/q/health/ready",
                  Map.of(),
                  Duration.ofSeconds(5))
              .status();
      return ready == 200 ? a.cause() : a.cause() + " (NMI not ready)";
    } catch (IOException e) {
      return a.cause() + " (NMI not ready)";
    }
  }

  private void judge(Workload.Pod pod, Answer a, String what) {
    Verdict v = oracle.judge(pod.ref().uid(), a.clientId(), a.sent, a.received);
    synchronized (this) {
      verdicts.merge(v, 1L, Long::sum);
    }
    if (v == Verdict.STALE) {
      maxStaleness.accumulateAndGet(
          oracle.staleness(pod.ref().uid(), a.clientId(), a.sent), Math::max);
    } else if (v == Verdict.WRONG) {
      synchronized (violations) {
        violations.add(
            String.format(
                "token to a wrong pod (%s): %s/%s at %s (uid %s) got client id %s at +%d ms",
                what,
                Workload.NAMESPACE,
                pod.ref().name(),
                pod.ref().ip(),
                pod.ref().uid(),
                a.clientId(),
                a.sent));
      }
    }
  }

  private record Answer(int status, String body, String error, long sent, long received) {
    String cause() {
      return FailureCause.of(status, body, error);
    }

    String clientId() {
      Matcher m = CLIENT_ID.matcher(body);
      return m.find() ? m.group(1) : "(none)";
    }
  }

  private Answer send(String ip, int port, String clientId) {
    String query =
        "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
            + URLEncoder.encode(ARM, StandardCharsets.UTF_8)
            + (clientId == null ? "" : "&client_id=" + clientId);
    long sent = clock.now();
    try {
      PodHttp.Response r =
          PodHttp.get(ip, "127.0.0.1", port, query, Map.of("Metadata", "true"), TIMEOUT);
      return new Answer(r.status(), r.body(), null, sent, clock.now());
    } catch (IOException e) {
      return new Answer(0, "", e.getClass().getSimpleName(), sent, clock.now());
    }
  }

  private synchronized void count(Map<String, Long> counts, String key) {
    counts.merge(key, 1L, Long::sum);
  }

  synchronized Map<Verdict, Long> verdicts() {
    return new EnumMap<>(verdicts);
  }

  synchronized Map<String, Long> failures() {
    return new TreeMap<>(failures);
  }

  synchronized Map<String, Long> hostile() {
    return new TreeMap<>(hostile);
  }

  long maxStaleness() {
    return maxStaleness.get();
  }
}
