package dev.podidentity.nmi.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The NMI's check of its configuration at start: a bad setting stops the start with the key named,
 * before anything listens.
 */
public final class NmiConfigCheck {
  private NmiConfigCheck() {}

  /** {@code c}, if every setting is usable; otherwise an exception naming the first bad key. */
  public static NmiConfig check(NmiConfig c) {
    require(!c.nodeName().isBlank(), "nmi.node-name (NODE_NAME) must be set");
    NmiConfig.Server server = c.server();
    require(server.port() >= 0 && server.port() <= 65535, "nmi.server.port must be 0..65535");
    positive(server.idleTimeout(), "nmi.server.idle-timeout");
    require(server.maxHeaderBytes() >= 1024, "nmi.server.max-header-bytes must be >= 1024");
    NmiConfig.Waits waits = c.waits();
    positive(waits.unknownPod(), "nmi.waits.unknown-pod");
    positive(waits.assignment(), "nmi.waits.assignment");
    positive(waits.staleAfter(), "nmi.waits.stale-after");
    positive(waits.retryAfter(), "nmi.waits.retry-after");
    URI imds = imdsUrlOrNull(c);
    require(
        imds != null
            && "http".equals(imds.getScheme())
            && imds.getHost() != null
            && imds.getQuery() == null,
        "nmi.imds.url must be an http:// base URL without a query");
    NmiConfig.Imds i = c.imds();
    positive(i.connectTimeout(), "nmi.imds.connect-timeout");
    positive(i.requestTimeout(), "nmi.imds.request-timeout");
    positive(i.budget(), "nmi.imds.budget");
    require(i.maxInFlight() >= 1, "nmi.imds.max-in-flight must be >= 1");
    require(i.maxPerSecond() >= 1, "nmi.imds.max-per-second must be >= 1");
    positive(i.retryBase(), "nmi.imds.retry-base");
    require(i.retryMax().compareTo(i.retryBase()) >= 0, "nmi.imds.retry-max must be >= retry-base");
    require(!c.cache().refreshMargin().isNegative(), "nmi.cache.refresh-margin must be >= 0");
    require(c.cache().maxEntries() >= 1, "nmi.cache.max-entries must be >= 1");
    positive(c.kafka().confirmInterval(), "nmi.kafka.confirm-interval");
    require(
        c.kafka().confirmInterval().compareTo(waits.staleAfter()) < 0,
        "nmi.kafka.confirm-interval must be shorter than nmi.waits.stale-after");
    positive(c.iptables().interval(), "nmi.iptables.interval");
    NmiConfig.ServicePrincipals sp = c.servicePrincipals();
    require(!sp.secretCache().isNegative(), "nmi.service-principals.secret-cache must be >= 0");
    URI authority = NmiConfig.defaultAuthority(sp);
    require(
        authority != null && "https".equals(authority.getScheme()) && authority.getHost() != null,
        "nmi.service-principals.default-authority must be an https:// URL");
    positive(sp.connectTimeout(), "nmi.service-principals.connect-timeout");
    positive(sp.requestTimeout(), "nmi.service-principals.request-timeout");
    require(
        sp.trustPem().filter(p -> !p.isBlank()).map(p -> Files.isReadable(Path.of(p))).orElse(true),
        "nmi.service-principals.trust-pem must be a readable file");
    return c;
  }

  private static URI imdsUrlOrNull(NmiConfig c) {
    try {
      return NmiConfig.imdsUrl(c);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void positive(Duration d, String key) {
    require(!d.isNegative() && !d.isZero(), key + " must be > 0");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("invalid configuration: " + message);
    }
  }
}
