package dev.podidentity.nmi.config;

import dev.podidentity.events.authorization.Policy;
import dev.podidentity.nmi.core.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;

/**
 * Everything the NMI can be told, under {@code nmi.*} (env vars {@code NMI_*}). Checked at start by
 * {@link NmiConfigCheck#check}; defaults are the safe choice.
 */
@ConfigMapping(prefix = "nmi")
public interface NmiConfig {

  /** IMDS's base URL, without trailing slashes. */
  static URI imdsUrl(NmiConfig c) {
    return URI.create(c.imds().url().trim().replaceAll("/+$", ""));
  }

  /** Entra's authority for service principals without one of their own; null if unreadable. */
  static URI defaultAuthority(ServicePrincipalsConfig sp) {
    try {
      return URI.create(sp.defaultAuthority().trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** What the authoriser needs to know of the settings. */
  static Policy policy(NmiConfig c) {
    return new Policy(c.namespaced(), c.managed(), c.waits().staleAfter().toMillis());
  }

  /** How IMDS and Entra calls are retried. */
  static RetryPolicy retryPolicy(NmiConfig c) {
    return new RetryPolicy(c.imds().retryBase().toMillis(), c.imds().retryMax().toMillis());
  }

  /** This node's name: the downward API's {@code spec.nodeName} (env {@code NODE_NAME}). */
  @WithName("node-name")
  String nodeName();

  /** The token endpoint's listener. */
  Server server();

  /** How long requests may wait for the view, and what to answer then. */
  Waits waits();

  Imds imds();

  Cache cache();

  /** Tokens fetched before pods ask for them (a group of its own: {@link PrefetchConfig}). */
  PrefetchConfig prefetch();

  /** {@code true}: pod, binding and identity must share a namespace (aad-pod-identity flag). */
  @WithDefault("false")
  boolean namespaced();

  /** {@code true}: no assigner; authorise from bindings alone (implies namespaced). */
  @WithDefault("false")
  boolean managed();

  /** {@code true}: answer 404 instead of 403 for an unknown pod (aad-pod-identity clients). */
  @WithName("unknown-pod-not-found")
  @WithDefault("false")
  boolean unknownPodNotFound();

  /** Block {@code /metadata/instance} and other non-token IMDS paths (403). */
  @WithName("block-instance-metadata")
  @WithDefault("false")
  boolean blockInstanceMetadata();

  /** {@code /host/token}: off by default; when on, answered to loopback callers only. */
  @WithName("host-token-enabled")
  @WithDefault("false")
  boolean hostTokenEnabled();

  Kafka kafka();

  /** The per-request log (category {@code dev.podidentity.nmi.request}). */
  @WithName("request-log")
  RequestLog requestLog();

  /**
   * Granted cache hits are summed per (source IP, pod, identity, resource) and written as one line
   * per key and interval; denials, cache misses and errors are always one line per request.
   */
  interface RequestLog {
    /** How long hits are summed before their lines are written; {@code 0s}: a line per hit. */
    @WithName("hit-interval")
    @WithDefault("60s")
    Duration hitInterval();

    /** Keys summed per interval; hits of further keys share one line. */
    @WithName("hit-keys")
    @WithDefault("1000")
    int hitKeys();
  }

  Iptables iptables();

  /** aad-pod-identity's metrics ({@code aadpodidentity_*}) where aad's NMI served them. */
  @WithName("aad-metrics")
  AadListener aadMetrics();

  /** {@code GET /metrics} on a listener of its own (aad's {@code --prometheus-port}). */
  interface AadListener {
    /** aad's NMI port; 0 turns the listener, and the recording of aad's metrics, off. */
    @WithDefault("9090")
    int port();

    /** The address it binds (the management port's host, see application.properties). */
    @WithDefault("0.0.0.0")
    String host();
  }

  /** Service-principal identities (AzureIdentity types 1 and 2). */
  @WithName("service-principals")
  ServicePrincipalsConfig servicePrincipals();

  /**
   * Federated identities (type 0 annotated {@code podidentity.k8s.io/federated: "true"}). Their
   * Entra calls use {@code nmi.service-principals}' authority, timeouts and trust.
   */
  FederationConfig federation();

  interface Server {
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("2579")
    int port();

    /** A connection idle this long is closed: slow or silent clients cannot hold sockets. */
    @WithName("idle-timeout")
    @WithDefault("30s")
    Duration idleTimeout();

    /** At most this many bytes of request line and headers; more is refused by Vert.x. */
    @WithName("max-header-bytes")
    @WithDefault("16384")
    int maxHeaderBytes();
  }

  interface Waits {
    /** A source IP that is no known pod waits this long for the pod to appear. */
    @WithName("unknown-pod")
    @WithDefault("2s")
    Duration unknownPod();

    /** A bound pod waits this long for its assignment to become ASSIGNED. */
    @WithDefault("20s")
    Duration assignment();

    /**
     * A view not confirmed current for this long fails closed (503): current means every record the
     * broker had is read, as of the watcher's newest heartbeat. It bounds how long a deleted pod's
     * IP can still be served as that pod's when nothing reaches this node (broker or watcher down),
     * so it must stay below the least time in which Kubernetes gives the IP to a new pod whose
     * container then runs.
     */
    @WithName("stale-after")
    @WithDefault("5s")
    Duration staleAfter();

    /** The Retry-After of 503 answers. */
    @WithName("retry-after")
    @WithDefault("5s")
    Duration retryAfter();
  }

  interface Imds {
    /** The IMDS this node's tokens come from; in production the VM's own. */
    @WithDefault("http://169.254.169.254")
    String url();

    @WithName("connect-timeout")
    @WithDefault("2s")
    Duration connectTimeout();

    /** One IMDS call may take this long. */
    @WithName("request-timeout")
    @WithDefault("5s")
    Duration requestTimeout();

    /** All attempts of one token request, retries included, end within this. */
    @WithDefault("15s")
    Duration budget();

    /** IMDS's own per-VM limits: 5 calls at once, 20 a second. */
    @WithName("max-in-flight")
    @WithDefault("5")
    int maxInFlight();

    @WithName("max-per-second")
    @WithDefault("20")
    int maxPerSecond();

    @WithName("retry-base")
    @WithDefault("200ms")
    Duration retryBase();

    @WithName("retry-max")
    @WithDefault("3s")
    Duration retryMax();

    /** The api-version sent to IMDS for tokens. */
    @WithName("api-version")
    @WithDefault("2018-02-01")
    String apiVersion();
  }

  interface Cache {
    /** A cached token with less life than this is fetched anew. */
    @WithName("refresh-margin")
    @WithDefault("5m")
    Duration refreshMargin();

    /** At most this many (identity, resource) entries. */
    @WithName("max-entries")
    @WithDefault("10000")
    int maxEntries();
  }

  /**
   * The broker and its security are the standard {@code kafka.*} keys (KAFKA_BOOTSTRAP_SERVERS,
   * KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG, ...), used by the {@code node-view} channel.
   */
  interface Kafka {
    /** How often the end offsets are read to confirm the view is current. */
    @WithName("confirm-interval")
    @WithDefault("1s")
    Duration confirmInterval();
  }

  interface Iptables {
    /** Install and keep the DNAT of 169.254.169.254:80 to this NMI. Needs NET_ADMIN. */
    @WithDefault("false")
    boolean enabled();

    @WithDefault("10s")
    Duration interval();

    /** The address pod traffic is redirected to (the node's loopback by default). */
    @WithName("target-host")
    @WithDefault("127.0.0.1")
    String targetHost();

    /** The binary to run; {@code iptables} from the PATH unless set. */
    @WithDefault("iptables")
    String command();
  }
}
