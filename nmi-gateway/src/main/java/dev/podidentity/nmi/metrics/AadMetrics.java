package dev.podidentity.nmi.metrics;

import dev.podidentity.events.aad.AadExposition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * aad-pod-identity's NMI metrics, with the names, types, label keys, units and buckets its
 * OpenCensus exporter gave them ({@code aadpodidentity_*}), so dashboards and alerts written for
 * aad keep working. They live in a registry of their own, served on aad's port by {@link #scrape}:
 * Micrometer's Prometheus output names every counter {@code ..._total}, and aad's counters end in
 * {@code _count}. Here the text is written as aad's exporter (client_golang, format 0.0.4) wrote
 * it: a counter under its family's name ({@code # TYPE x counter} then {@code x 3}, no {@code
 * _total}), histograms as {@code _bucket} (Go-formatted {@code le}), {@code _sum}, {@code _count}.
 *
 * <p>aad labelled each token request with the caller's namespace and the requested resource. Here
 * the namespace is that of a pod known to the view (bounded by the cluster), and the resource is
 * named only when a token was issued for it (so the upstream accepted it): a refusal's resource is
 * request input, and is left empty. Past {@link #MAX_REQUEST_SERIES} series the resource is left
 * empty too.
 */
public final class AadMetrics {
  /** aad's {@code operation_type} of a token from IMDS for a user-assigned identity. */
  public static final String MSI_USER_ASSIGNED = "adal_token_msi_userassignedid";

  /** aad's {@code operation_type} of a token from IMDS for the node's system-assigned identity. */
  public static final String MSI = "adal_token_msi";

  /** aad's {@code operation_type} of a service principal's token from Entra (ADAL). */
  public static final String SERVICE_PRINCIPAL = "adal_token";

  /** aad's buckets for token requests, in seconds. */
  static final double[] REQUEST_BUCKETS = {
    0.5, 1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100
  };

  /** aad's buckets for token calls upstream, in seconds. */
  static final double[] UPSTREAM_BUCKETS = {
    0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3, 4, 5, 10
  };

  /** Token-request series beyond which new ones name no resource. */
  static final int MAX_REQUEST_SERIES = 1000;

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
  private final Map<String, Timer> upstreamDurations = new ConcurrentHashMap<>();
  private final Map<RequestSeries, Timer> requests = new ConcurrentHashMap<>();
  private final Counter secretErrors;

  /**
   * The labels of one token-request series, in aad's keys. Looked up on every request: equality is
   * written out, as {@code engine.token.CacheKey} explains.
   */
  private record RequestSeries(
      String operationType, String statusCode, String namespace, String resource) {
    @Override
    public boolean equals(Object o) {
      return o instanceof RequestSeries r
          && operationType.equals(r.operationType)
          && statusCode.equals(r.statusCode)
          && namespace.equals(r.namespace)
          && resource.equals(r.resource);
    }

    @Override
    public int hashCode() {
      int h = operationType.hashCode();
      h = 31 * h + statusCode.hashCode();
      h = 31 * h + namespace.hashCode();
      return 31 * h + resource.hashCode();
    }
  }

  private AadMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      secretErrors = null;
      return;
    }
    // Every upstream label value is known: each series exists from the start, at 0.
    for (String op : List.of(MSI_USER_ASSIGNED, MSI, SERVICE_PRINCIPAL)) {
      upstreamErrors.put(
          op,
          Counter.builder("aadpodidentity.imds.operations.errors.count")
              .description("Total number of errors in imds token operations")
              .tag("operation_type", op)
              .register(registry));
      upstreamDurations.put(
          op,
          Timer.builder("aadpodidentity.imds.operations.duration")
              .description("Duration in seconds of imds token operations")
              .tag("operation_type", op)
              .serviceLevelObjectives(AadExposition.buckets(UPSTREAM_BUCKETS))
              .register(registry));
    }
    secretErrors =
        Counter.builder("aadpodidentity.kubernetes.api.operations.errors.count")
            .description("Total number of errors in kubernetes api operations")
            .tag("operation_type", "get_secret")
            .register(registry);
  }

  /** Records into a registry of its own, served by {@link #scrape}. */
  public static AadMetrics create() {
    return new AadMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Records nothing: the aad listener is off. */
  public static AadMetrics off() {
    return new AadMetrics(null);
  }

  /** Whether anything is recorded (callers skip the work of labels otherwise). */
  public boolean on() {
    return registry != null;
  }

  /**
   * One answered request of aad's token handlers: {@code path} its endpoint ({@code
   * /metadata/identity/oauth2/token} or {@code /host/token}); {@code namespace} the calling pod's,
   * or empty when unknown; {@code resource} as requested, named only when {@code status} is 200.
   */
  public void request(String path, int status, String namespace, String resource, long nanos) {
    if (registry == null) {
      return;
    }
    RequestSeries key =
        new RequestSeries(
            path,
            statusLabel(status),
            namespace == null ? "" : namespace,
            status == 200 && resource != null ? resource : "");
    Timer timer = requests.get(key);
    if (timer == null) {
      if (!key.resource().isEmpty() && requests.size() >= MAX_REQUEST_SERIES) {
        key = new RequestSeries(key.operationType(), key.statusCode(), key.namespace(), "");
      }
      RequestSeries series = key;
      timer =
          requests.computeIfAbsent(
              series,
              s ->
                  Timer.builder("aadpodidentity.nmi.operations.duration")
                      .description("Duration in seconds for nmi operations")
                      .tag("operation_type", s.operationType())
                      .tag("status_code", s.statusCode())
                      .tag("namespace", s.namespace())
                      .tag("resource", s.resource())
                      .serviceLevelObjectives(AadExposition.buckets(REQUEST_BUCKETS))
                      .register(registry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** HTTP statuses as label values, made once: a string per request was a share of allocation. */
  private static final String[] STATUS_LABELS = new String[600];

  static {
    for (int i = 0; i < STATUS_LABELS.length; i++) {
      STATUS_LABELS[i] = Integer.toString(i);
    }
  }

  private static String statusLabel(int status) {
    return status >= 0 && status < STATUS_LABELS.length
        ? STATUS_LABELS[status]
        : Integer.toString(status);
  }

  /**
   * One token fetched upstream ({@link #MSI_USER_ASSIGNED}, {@link #MSI} or {@link
   * #SERVICE_PRINCIPAL}), retries included: aad counted failures and timed only successes.
   */
  public void upstreamToken(String operation, boolean ok, long nanos) {
    if (registry == null) {
      return;
    }
    if (ok) {
      upstreamDurations.get(operation).record(nanos, TimeUnit.NANOSECONDS);
    } else {
      upstreamErrors.get(operation).increment();
    }
  }

  /**
   * An exception pod's token, which aad's NMI fetched itself: the node's identity when the request
   * names none ({@link #MSI}), else the named user-assigned one ({@link #MSI_USER_ASSIGNED}).
   */
  public void exceptionToken(boolean namedIdentity, boolean ok, long nanos) {
    upstreamToken(namedIdentity ? MSI_USER_ASSIGNED : MSI, ok, nanos);
  }

  /** A service principal's Secret could not be read (missing, forbidden, API error). */
  public void secretReadFailed() {
    if (registry != null) {
      secretErrors.increment();
    }
  }

  /** The metrics as aad's exporter wrote them; empty when off. */
  public String scrape() {
    return registry == null ? "" : AadExposition.text(registry);
  }
}
