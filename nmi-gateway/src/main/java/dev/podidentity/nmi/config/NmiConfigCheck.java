package dev.podidentity.nmi.config;

import dev.podidentity.events.config.SettingsCheck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The NMI's check of its configuration at start: bad settings stop the start with every bad key
 * named, before anything listens.
 */
public final class NmiConfigCheck {
  private NmiConfigCheck() {}

  /** {@code c}, if every setting is usable; otherwise an exception naming every bad key. */
  public static NmiConfig check(NmiConfig c) {
    SettingsCheck check = SettingsCheck.of("NMI");
    check.notBlank(c.nodeName(), "nmi.node-name (NODE_NAME)");
    NmiConfig.Server server = c.server();
    check
        .require(server.port() >= 0 && server.port() <= 65535, "nmi.server.port must be 0..65535")
        .positive(server.idleTimeout(), "nmi.server.idle-timeout")
        .atLeast(server.maxHeaderBytes(), 1024, "nmi.server.max-header-bytes");
    NmiConfig.Waits waits = c.waits();
    check
        .positive(waits.unknownPod(), "nmi.waits.unknown-pod")
        .positive(waits.assignment(), "nmi.waits.assignment")
        .positive(waits.staleAfter(), "nmi.waits.stale-after")
        .positive(waits.retryAfter(), "nmi.waits.retry-after");
    URI imds = imdsUrlOrNull(c);
    check.require(
        imds != null
            && "http".equals(imds.getScheme())
            && imds.getHost() != null
            && imds.getQuery() == null,
        "nmi.imds.url must be an http:// base URL without a query");
    NmiConfig.Imds i = c.imds();
    check
        .positive(i.connectTimeout(), "nmi.imds.connect-timeout")
        .positive(i.requestTimeout(), "nmi.imds.request-timeout")
        .positive(i.budget(), "nmi.imds.budget")
        .atLeast(i.maxInFlight(), 1, "nmi.imds.max-in-flight")
        .atLeast(i.maxPerSecond(), 1, "nmi.imds.max-per-second")
        .positive(i.retryBase(), "nmi.imds.retry-base")
        .require(
            i.retryMax().compareTo(i.retryBase()) >= 0, "nmi.imds.retry-max must be >= retry-base")
        .positiveOrOff(c.cache().refreshMargin(), "nmi.cache.refresh-margin")
        .atLeast(c.cache().maxEntries(), 1, "nmi.cache.max-entries")
        .positive(c.kafka().confirmInterval(), "nmi.kafka.confirm-interval")
        .require(
            c.kafka().confirmInterval().compareTo(waits.staleAfter()) < 0,
            "nmi.kafka.confirm-interval must be shorter than nmi.waits.stale-after")
        .positive(c.iptables().interval(), "nmi.iptables.interval")
        .positiveOrOff(c.requestLog().hitInterval(), "nmi.request-log.hit-interval")
        .atLeast(c.requestLog().hitKeys(), 1, "nmi.request-log.hit-keys")
        .require(
            c.aadMetrics().port() >= 0 && c.aadMetrics().port() <= 65535,
            "nmi.aad-metrics.port must be 0 (off) or a port, was " + c.aadMetrics().port())
        .require(
            c.aadMetrics().port() == 0 || c.aadMetrics().port() != server.port(),
            "nmi.aad-metrics.port must differ from nmi.server.port")
        .require(
            c.aadMetrics().port() == 0 || !c.aadMetrics().host().isBlank(),
            "nmi.aad-metrics.host must be set");
    ServicePrincipalsConfig sp = c.servicePrincipals();
    URI authority = NmiConfig.defaultAuthority(sp);
    check
        .positiveOrOff(sp.secretCache(), "nmi.service-principals.secret-cache")
        .require(
            authority != null
                && "https".equals(authority.getScheme())
                && authority.getHost() != null,
            "nmi.service-principals.default-authority must be an https:// URL")
        .positive(sp.connectTimeout(), "nmi.service-principals.connect-timeout")
        .positive(sp.requestTimeout(), "nmi.service-principals.request-timeout")
        .require(
            sp.trustPem()
                .filter(p -> !p.isBlank())
                .map(p -> Files.isReadable(Path.of(p)))
                .orElse(true),
            "nmi.service-principals.trust-pem must be a readable file")
        .require(
            c.federation().tokenExpiration().toSeconds() >= 600,
            "nmi.federation.token-expiration must be at least 600s (the Kubernetes minimum)")
        .require(
            c.federation()
                .tenantId()
                .map(t -> t.isBlank() || t.trim().matches("[A-Za-z0-9.-]{1,128}"))
                .orElse(true),
            "nmi.federation.tenant-id must be a tenant id or domain");
    prefetch(check, c.prefetch());
    check.orThrow();
    return c;
  }

  private static void prefetch(SettingsCheck check, PrefetchConfig p) {
    check
        .positive(p.interval(), "nmi.prefetch.interval")
        .atLeast(p.maxInFlight(), 1, "nmi.prefetch.max-in-flight")
        .positive(p.retryBase(), "nmi.prefetch.retry-base")
        .require(
            p.retryMax().compareTo(p.retryBase()) >= 0,
            "nmi.prefetch.retry-max must be >= retry-base")
        .positive(p.recentFor(), "nmi.prefetch.recent-for")
        .require(
            p.resources().stream().noneMatch(String::isBlank),
            "nmi.prefetch.resources must not contain blank entries");
  }

  private static URI imdsUrlOrNull(NmiConfig c) {
    try {
      return NmiConfig.imdsUrl(c);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
