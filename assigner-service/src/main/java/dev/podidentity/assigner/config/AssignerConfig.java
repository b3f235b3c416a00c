package dev.podidentity.assigner.config;

import dev.podidentity.events.config.SettingsCheck;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The assigner's settings ({@code assigner.*}, or {@code ASSIGNER_*} environment variables). */
@ConfigMapping(prefix = "assigner")
public interface AssignerConfig {

  /** Pods match only bindings and identities in their own namespace (aad-pod-identity's flag). */
  @WithDefault("false")
  boolean namespaced();

  /** Identities never removed, by client id or resource id (aad-pod-identity's immutable list). */
  Optional<List<String>> immutableIdentities();

  /**
   * The cluster's own (kubelet) identity, by client id or resource id: never removed. Unset, it is
   * the {@code userAssignedIdentityID} of {@link #cloudConfig()} when that file is readable.
   */
  Optional<String> clusterIdentity();

  /**
   * The cloud provider config AKS writes on every node (aad-pod-identity's {@code --cloudconfig}):
   * where the kubelet identity is found (read at start by the adapter's {@code
   * KubeletIdentitySource}; a file that is not there is not an error).
   */
  @WithDefault("/etc/kubernetes/azure.json")
  String cloudConfig();

  /**
   * Eager assignment for bindings without the {@code podidentity.k8s.io/eager} annotation: their
   * identity stays on every scale set with nodes before any pod asks, so a pod's first token never
   * waits for ARM. The identity then sits on nodes where no pod uses it yet (README "Eager
   * assignment" has the trade-off); the NMI still authorises per pod.
   */
  @WithDefault("false")
  boolean eager();

  /** How long an unreferenced identity stays on its target before removal; 0 removes at once. */
  @WithDefault("0s")
  Duration linger();

  /** How often each owned target is read again to repair drift. */
  @WithDefault("10m")
  Duration driftInterval();

  /** How long an identity the cloud refused is left out, unless its AzureIdentity changes. */
  @WithDefault("10m")
  Duration quarantineRetry();

  /**
   * How long changes to an idle target, and the pods input as a whole, must be quiet before its
   * PATCH: a burst of pods then goes out in one request, not one plus a second that waits for the
   * first.
   */
  @WithDefault("100ms")
  Duration batchWindow();

  /**
   * The longest an idle target gathers a burst before its PATCH goes out anyway, even while pod
   * records are still waiting unread.
   */
  @WithDefault("1s")
  Duration batchMax();

  /**
   * How many targets may have a run in flight at once (each blocks a thread of its own pool while
   * ARM answers). Runs of more targets wait for a thread; budgets keep far fewer in flight: Azure
   * allows 500 PATCHes a minute per subscription.
   */
  @WithDefault("128")
  int maxConcurrentRuns();

  Budget budget();

  /** How long a target waits after a conflict or an unknown outcome: exponential, with jitter. */
  Backoff backoff();

  Cloud cloud();

  Kafka kafka();

  Kubernetes kubernetes();

  /** aad-pod-identity's metrics ({@code aadpodidentity_*}) where aad's MIC served them. */
  AadListener aadMetrics();

  /**
   * {@code c}, if every setting is usable; otherwise an exception naming every bad key at once, so
   * a bad manifest stops the start instead of failing the first run (a zero drift interval, a batch
   * window longer than its maximum, a credential kind that does not exist).
   */
  static AssignerConfig check(AssignerConfig c) {
    SettingsCheck check =
        SettingsCheck.of("assigner")
            .positiveOrOff(c.linger(), "assigner.linger")
            .positive(c.driftInterval(), "assigner.drift-interval")
            .positive(c.quarantineRetry(), "assigner.quarantine-retry")
            .positive(c.batchWindow(), "assigner.batch-window")
            .require(
                c.batchMax().compareTo(c.batchWindow()) >= 0,
                "assigner.batch-max must be >= assigner.batch-window")
            .atLeast(c.maxConcurrentRuns(), 1, "assigner.max-concurrent-runs")
            .atLeast(c.budget().targetBurst(), 1, "assigner.budget.target-burst")
            .atLeast(c.budget().targetPerMinute(), 1, "assigner.budget.target-per-minute")
            .atLeast(
                c.budget().subscriptionPerMinute(), 1, "assigner.budget.subscription-per-minute")
            .positive(c.backoff().base(), "assigner.backoff.base")
            .require(
                c.backoff().max().compareTo(c.backoff().base()) >= 0,
                "assigner.backoff.max must be >= assigner.backoff.base")
            .notBlank(c.kafka().groupId(), "assigner.kafka.group-id")
            .positive(c.kafka().handoverTimeout(), "assigner.kafka.handover-timeout")
            .atLeast(c.kafka().heartbeatIntervalMs(), 1, "assigner.kafka.heartbeat-interval-ms")
            // Kafka's own rule, said at start rather than by the consumer when the channel opens.
            .require(
                c.kafka().heartbeatIntervalMs() < c.kafka().sessionTimeoutMs(),
                "assigner.kafka.heartbeat-interval-ms must be < assigner.kafka.session-timeout-ms")
            .atLeast(c.kubernetes().writesPerSecond(), 1, "assigner.kubernetes.writes-per-second")
            .require(
                c.aadMetrics().port() >= 0 && c.aadMetrics().port() <= 65535,
                "assigner.aad-metrics.port must be 0 (off) or a port, was " + c.aadMetrics().port())
            .require(
                c.aadMetrics().port() == 0 || !c.aadMetrics().host().isBlank(),
                "assigner.aad-metrics.host must be set");
    Cloud cloud = c.cloud();
    check
        .require(
            CREDENTIALS.contains(cloud.credential()),
            "assigner.cloud.credential must be one of "
                + CREDENTIALS
                + ", was "
                + cloud.credential())
        .require(url(cloud.armEndpoint()), "assigner.cloud.arm-endpoint must be an http(s):// URL")
        .require(
            url(cloud.authorityHost()), "assigner.cloud.authority-host must be an http(s):// URL")
        .positive(cloud.requestTimeout(), "assigner.cloud.request-timeout")
        .require(
            cloud
                .trustPem()
                .filter(p -> !p.isBlank())
                .map(p -> Files.isReadable(Path.of(p)))
                .orElse(true),
            "assigner.cloud.trust-pem must be a readable file");
    if ("client-secret".equals(cloud.credential())) {
      check
          .notBlank(cloud.tenantId().orElse(null), "assigner.cloud.tenant-id")
          .notBlank(cloud.clientId().orElse(null), "assigner.cloud.client-id")
          .notBlank(cloud.clientSecret().orElse(null), "assigner.cloud.client-secret");
    }
    check.orThrow();
    return c;
  }

  /** The kinds of {@code assigner.cloud.credential}. */
  List<String> CREDENTIALS = List.of("managed-identity", "workload-identity", "client-secret");

  private static boolean url(String text) {
    try {
      URI u = URI.create(text.trim());
      return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Azure's identity PATCH budgets. Lower them only to share them with other tools. */
  interface Budget {
    @WithDefault("12")
    int targetBurst();

    @WithDefault("4")
    int targetPerMinute();

    @WithDefault("500")
    int subscriptionPerMinute();
  }

  /** How the assigner reaches ARM. */
  interface Backoff {
    @WithDefault("1s")
    Duration base();

    @WithDefault("2m")
    Duration max();
  }

  interface Cloud {
    /** {@code managed-identity}, {@code workload-identity} or {@code client-secret}. */
    @WithDefault("managed-identity")
    String credential();

    @WithDefault("https://management.azure.com/")
    String armEndpoint();

    @WithDefault("https://login.microsoftonline.com/")
    String authorityHost();

    Optional<String> tenantId();

    Optional<String> clientId();

    Optional<String> clientSecret();

    /** A PEM file of extra CA certificates to trust (the simulator's, in tests and locally). */
    Optional<String> trustPem();

    @WithDefault("90s")
    Duration requestTimeout();
  }

  /** Kafka settings beyond {@code kafka.bootstrap.servers}. */
  interface Kafka {
    @WithDefault("podidentity-assigner")
    String groupId();

    /** How long a revoked target may take to finish its operation in flight. */
    @WithDefault("60s")
    Duration handoverTimeout();

    /**
     * How long the group waits for a replica that stopped heartbeating (killed, frozen, cut off)
     * before its targets go to another: the failover time's floor. 6 s is the least brokers accept
     * by default ({@code group.min.session.timeout.ms}).
     */
    @WithDefault("6000")
    int sessionTimeoutMs();

    /** How often a replica heartbeats, so it hears of a new hand-out within this. */
    @WithDefault("1000")
    int heartbeatIntervalMs();

    /**
     * The replica's static membership id ({@code group.instance.id}), unique per replica and kept
     * across its restarts (the pod's name): a restart takes its partitions back at once. Unset:
     * dynamic membership.
     */
    Optional<String> instanceId();
  }

  /** {@code GET /metrics} on a listener of its own (aad's {@code --prometheus-port}). */
  interface AadListener {
    /** aad's MIC port; 0 turns the listener, and the recording of aad's metrics, off. */
    @WithDefault("8888")
    int port();

    /** The address it binds (the application's HTTP host, see application.properties). */
    @WithDefault("0.0.0.0")
    String host();
  }

  /** AzureAssignedIdentity objects and Events, for kubectl users. */
  interface Kubernetes {
    @WithDefault("true")
    boolean enabled();

    /** Upper bound on API writes, so a burst of pods never floods the API server. */
    @WithDefault("20")
    int writesPerSecond();
  }
}
