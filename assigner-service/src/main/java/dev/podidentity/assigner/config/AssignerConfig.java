package dev.podidentity.assigner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

  /** The cluster's own (kubelet) identity, by client id or resource id: never removed. */
  Optional<String> clusterIdentity();

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
   * How long changes to an idle target must be quiet before its PATCH: a burst of pods then goes
   * out in one request, not one plus a second that waits for the first.
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
