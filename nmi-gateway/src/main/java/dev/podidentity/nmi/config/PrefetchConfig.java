package dev.podidentity.nmi.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;

/**
 * Tokens fetched before a pod asks ({@code nmi.prefetch.*}): for the identities this node's pods
 * would be granted now, and for eager bindings' identities on this node's pool. Off by default: it
 * makes IMDS calls a pod may never need (see the README's "Prefetch" for the trade-off).
 */
public interface PrefetchConfig {
  /** Fetch candidates' tokens on every view change and every {@link #interval()}. */
  @WithDefault("false")
  boolean enabled();

  /** Resources fetched for every candidate identity, besides those its pods asked for. */
  @WithDefault("https://management.azure.com/")
  List<String> resources();

  /**
   * How often the candidates are checked again without a view change: tokens due for refresh, and
   * keys whose backoff ended (an eager identity reaching the VM does not change the view).
   */
  @WithDefault("10s")
  Duration interval();

  /**
   * The assigner's {@code assigner.eager}, mirrored: bindings without the eager annotation count as
   * eager here. Set it as the assigner's; true while the assigner's is false makes this node ask
   * IMDS for identities that never arrive (each answered 400 and backed off to {@link
   * #retryMax()}).
   */
  @WithName("eager-by-default")
  @WithDefault("false")
  boolean eagerByDefault();

  /** Prefetch calls in flight at once, out of IMDS's per-VM limit shared with pods' requests. */
  @WithName("max-in-flight")
  @WithDefault("2")
  int maxInFlight();

  /** First wait after a failed prefetch of one (identity, resource); doubles up to the max. */
  @WithName("retry-base")
  @WithDefault("2s")
  Duration retryBase();

  @WithName("retry-max")
  @WithDefault("60s")
  Duration retryMax();

  /**
   * How long a resource a pod asked for (a cache miss or hit) stays a prefetch resource of that
   * identity after its last request: longer than a token's life, so the refresh before expiry finds
   * it. At most {@code nmi.cache.max-entries} (and 1024) such pairs are kept.
   */
  @WithName("recent-for")
  @WithDefault("25h")
  Duration recentFor();
}
