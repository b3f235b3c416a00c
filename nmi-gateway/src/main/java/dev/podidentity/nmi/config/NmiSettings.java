package dev.podidentity.nmi.config;

import dev.podidentity.nmi.core.Policy;
import dev.podidentity.nmi.core.RetryPolicy;
import java.net.URI;
import java.time.Duration;

/**
 * The validated, plain form of {@link NmiConfig}: what the gateway is built from, in the service
 * and in tests alike. Construction fails with a message naming the bad key.
 */
public record NmiSettings(
    String nodeName,
    String host,
    int port,
    Duration idleTimeout,
    int maxHeaderBytes,
    Duration unknownPodWait,
    Duration assignmentWait,
    Duration staleAfter,
    Duration retryAfter,
    URI imdsUrl,
    Duration imdsConnectTimeout,
    Duration imdsRequestTimeout,
    Duration imdsBudget,
    int imdsMaxInFlight,
    int imdsMaxPerSecond,
    Duration retryBase,
    Duration retryMax,
    String imdsApiVersion,
    Duration refreshMargin,
    int cacheMaxEntries,
    boolean namespaced,
    boolean managed,
    boolean unknownPodNotFound,
    boolean blockInstanceMetadata,
    boolean hostTokenEnabled,
    Duration confirmInterval,
    boolean iptablesEnabled,
    Duration iptablesInterval,
    String iptablesTargetHost,
    String iptablesCommand,
    ServicePrincipalSettings servicePrincipals) {

  /** Service principals: off unless enabled; see {@link NmiConfig.ServicePrincipals}. */
  public record ServicePrincipalSettings(
      boolean enabled,
      Duration secretCache,
      URI defaultAuthority,
      Duration connectTimeout,
      Duration requestTimeout,
      String trustPem) {
    public ServicePrincipalSettings {
      require(
          secretCache != null && !secretCache.isNegative(),
          "nmi.service-principals.secret-cache must be >= 0");
      require(
          defaultAuthority != null
              && "https".equals(defaultAuthority.getScheme())
              && defaultAuthority.getHost() != null,
          "nmi.service-principals.default-authority must be an https:// URL");
      positive(connectTimeout, "nmi.service-principals.connect-timeout");
      positive(requestTimeout, "nmi.service-principals.request-timeout");
      require(
          trustPem == null || java.nio.file.Files.isReadable(java.nio.file.Path.of(trustPem)),
          "nmi.service-principals.trust-pem must be a readable file");
    }

    /** Off, with the defaults. */
    public static ServicePrincipalSettings disabled() {
      return new ServicePrincipalSettings(
          false,
          Duration.ofSeconds(60),
          URI.create("https://login.microsoftonline.com/"),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          null);
    }

    static ServicePrincipalSettings from(NmiConfig.ServicePrincipals c) {
      URI authority;
      try {
        authority = URI.create(c.defaultAuthority().trim());
      } catch (IllegalArgumentException e) {
        authority = null;
      }
      return new ServicePrincipalSettings(
          c.enabled(),
          c.secretCache(),
          authority,
          c.connectTimeout(),
          c.requestTimeout(),
          c.trustPem().filter(p -> !p.isBlank()).orElse(null));
    }
  }

  public NmiSettings {
    require(nodeName != null && !nodeName.isBlank(), "nmi.node-name (NODE_NAME) must be set");
    require(port >= 0 && port <= 65535, "nmi.server.port must be 0..65535");
    positive(idleTimeout, "nmi.server.idle-timeout");
    require(maxHeaderBytes >= 1024, "nmi.server.max-header-bytes must be >= 1024");
    positive(unknownPodWait, "nmi.waits.unknown-pod");
    positive(assignmentWait, "nmi.waits.assignment");
    positive(staleAfter, "nmi.waits.stale-after");
    positive(retryAfter, "nmi.waits.retry-after");
    require(
        imdsUrl != null
            && "http".equals(imdsUrl.getScheme())
            && imdsUrl.getHost() != null
            && imdsUrl.getQuery() == null,
        "nmi.imds.url must be an http:// base URL without a query");
    positive(imdsConnectTimeout, "nmi.imds.connect-timeout");
    positive(imdsRequestTimeout, "nmi.imds.request-timeout");
    positive(imdsBudget, "nmi.imds.budget");
    require(imdsMaxInFlight >= 1, "nmi.imds.max-in-flight must be >= 1");
    require(imdsMaxPerSecond >= 1, "nmi.imds.max-per-second must be >= 1");
    positive(retryBase, "nmi.imds.retry-base");
    require(retryMax.compareTo(retryBase) >= 0, "nmi.imds.retry-max must be >= retry-base");
    require(!refreshMargin.isNegative(), "nmi.cache.refresh-margin must be >= 0");
    require(cacheMaxEntries >= 1, "nmi.cache.max-entries must be >= 1");
    positive(confirmInterval, "nmi.kafka.confirm-interval");
    require(
        confirmInterval.compareTo(staleAfter) < 0,
        "nmi.kafka.confirm-interval must be shorter than nmi.waits.stale-after");
    positive(iptablesInterval, "nmi.iptables.interval");
    require(servicePrincipals != null, "nmi.service-principals");
  }

  public static NmiSettings from(NmiConfig c) {
    return new NmiSettings(
        c.nodeName(),
        c.server().host(),
        c.server().port(),
        c.server().idleTimeout(),
        c.server().maxHeaderBytes(),
        c.waits().unknownPod(),
        c.waits().assignment(),
        c.waits().staleAfter(),
        c.waits().retryAfter(),
        URI.create(c.imds().url().replaceAll("/+$", "")),
        c.imds().connectTimeout(),
        c.imds().requestTimeout(),
        c.imds().budget(),
        c.imds().maxInFlight(),
        c.imds().maxPerSecond(),
        c.imds().retryBase(),
        c.imds().retryMax(),
        c.imds().apiVersion(),
        c.cache().refreshMargin(),
        c.cache().maxEntries(),
        c.namespaced(),
        c.managed(),
        c.unknownPodNotFound(),
        c.blockInstanceMetadata(),
        c.hostTokenEnabled(),
        c.kafka().confirmInterval(),
        c.iptables().enabled(),
        c.iptables().interval(),
        c.iptables().targetHost(),
        c.iptables().command(),
        ServicePrincipalSettings.from(c.servicePrincipals()));
  }

  /** Defaults for a node, as the service would have them; tests change what they need. */
  public static NmiSettings defaults(String nodeName, String imdsUrl) {
    return new NmiSettings(
        nodeName,
        "127.0.0.1",
        2579,
        Duration.ofSeconds(30),
        16384,
        Duration.ofSeconds(2),
        Duration.ofSeconds(20),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        URI.create(imdsUrl),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        5,
        20,
        Duration.ofMillis(200),
        Duration.ofSeconds(3),
        "2018-02-01",
        Duration.ofMinutes(5),
        10_000,
        false,
        false,
        false,
        false,
        false,
        Duration.ofSeconds(1),
        false,
        Duration.ofSeconds(10),
        "127.0.0.1",
        "iptables",
        ServicePrincipalSettings.disabled());
  }

  public Policy policy() {
    return new Policy(namespaced, managed, staleAfter.toMillis());
  }

  public RetryPolicy retryPolicy() {
    return new RetryPolicy(retryBase.toMillis(), retryMax.toMillis());
  }

  private static void positive(Duration d, String key) {
    require(d != null && !d.isNegative() && !d.isZero(), key + " must be > 0");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("invalid configuration: " + message);
    }
  }
}
