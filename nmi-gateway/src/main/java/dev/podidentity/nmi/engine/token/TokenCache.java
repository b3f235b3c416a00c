package dev.podidentity.nmi.engine.token;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.core.TokenScope;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.TokenSource;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens per (identity, resource), and for a federated identity per (identity, the pod's service
 * account, resource): its token is what Entra gave that service account. Fetched anew once less
 * than the refresh margin of their life is left. Concurrent misses of one key share one upstream
 * call (single flight); a failed call is not kept. Authorisation is not this class's business:
 * callers decide first, on every request.
 */
public final class TokenCache {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  /** Key strings kept at most; a node serves a handful of identities, and a miss only rebuilds. */
  private static final int MAX_KEYS = 1024;

  private final TokenSource source;
  private final int maxEntries;
  private final long marginSeconds;
  private final LongSupplier clockMillis;
  private final NmiMetrics metrics;
  private final AsyncCache<CacheKey, Token> tokens;

  /**
   * The (identity, resource) pairs pods asked for lately, when prefetch wants them (else null): a
   * miss adds one, a hit renews it. Bounded like the key strings.
   */
  private final Cache<CacheKey, Boolean> recent;

  /**
   * Cache keys of identities seen recently. The view hands out the same record instances until the
   * configuration changes, so this saves building the key string on every request. Looked up by the
   * instance, not by value: a record's hash covers all of its fields and was a visible share of a
   * cache hit. Another instance of an equal record only costs one more entry.
   */
  private final Map<Same, String> keys = new ConcurrentHashMap<>();

  /** An identity record compared by instance. */
  private record Same(IdentityRecord record) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Same other && other.record == record;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(record);
    }
  }

  public TokenCache(
      TokenSource source,
      long marginSeconds,
      int maxEntries,
      LongSupplier clockMillis,
      NmiMetrics metrics) {
    this(source, marginSeconds, maxEntries, clockMillis, metrics, Duration.ZERO);
  }

  /**
   * @param recentFor how long a resource pods asked for stays listed by {@link #recent}; zero:
   *     nothing is recorded (no prefetch)
   */
  public TokenCache(
      TokenSource source,
      long marginSeconds,
      int maxEntries,
      LongSupplier clockMillis,
      NmiMetrics metrics,
      Duration recentFor) {
    this.source = source;
    this.maxEntries = maxEntries;
    this.marginSeconds = marginSeconds;
    this.clockMillis = clockMillis;
    this.metrics = metrics;
    this.tokens =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new UntilRefresh(marginSeconds))
            .ticker(() -> clockMillis.getAsLong() * NANOS_PER_MILLI)
            .executor(Runnable::run) // upkeep on the caller's thread: no common-pool tasks
            .buildAsync();
    this.recent =
        recentFor.isZero()
            ? null
            : Caffeine.newBuilder()
                .maximumSize(Math.min(maxEntries, MAX_KEYS))
                .expireAfterAccess(recentFor)
                .ticker(() -> clockMillis.getAsLong() * NANOS_PER_MILLI)
                .executor(Runnable::run)
                .build();
  }

  /** A valid token of {@code identity} for {@code resource}, for no pod in particular. */
  public Future<Token> get(BoundIdentity identity, String resource, long deadlineMillis) {
    return get(identity, null, resource, deadlineMillis);
  }

  /** A valid token of {@code identity} for {@code resource}, asked for by {@code pod}. */
  public Future<Token> get(
      BoundIdentity identity, PodRecord pod, String resource, long deadlineMillis) {
    CacheKey key = new CacheKey(identityKey(identity, pod), resource);
    CompletableFuture<Token> cached = tokens.getIfPresent(key);
    if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
      metrics.cacheHit();
      if (recent != null) {
        recent.getIfPresent(key); // an access: the resource stays recent
      }
      return Future.succeededFuture(cached.join());
    }
    metrics.cacheMiss();
    if (recent != null) {
      recent.put(key, Boolean.TRUE);
    }
    return Future.fromCompletionStage(
        tokens.get(key, (k, executor) -> fetch(identity, pod, k, deadlineMillis)));
  }

  /** What {@link #warm} did. */
  public enum Warmed {
    /** Fetched from upstream, and cached. */
    FETCHED,
    /** Nothing to do: a token with more than the refresh-ahead left is cached. */
    FRESH,
    /** A fetch of the same key was already under way; its answer is shared. */
    SHARED
  }

  /**
   * Makes sure a token of {@code identity} for {@code resource} (for {@code pod}'s service account
   * when that matters) is cached and stays so for at least {@code aheadMillis}: fetched when
   * absent, and again when less is left, while the cached one is still served. Through the same
   * single flight as requests (a request and a warm-up of one key make one upstream call); counted
   * neither as a hit nor as a miss, and not as a pod's use of the resource.
   */
  public Future<Warmed> warm(
      BoundIdentity identity,
      PodRecord pod,
      String resource,
      long deadlineMillis,
      long aheadMillis) {
    CacheKey key = new CacheKey(identityKey(identity, pod), resource);
    CompletableFuture<Token> cached = tokens.getIfPresent(key);
    if (cached != null && !cached.isDone()) {
      return Future.fromCompletionStage(cached).map(Warmed.SHARED);
    }
    if (cached == null || cached.isCompletedExceptionally()) {
      boolean[] mine = new boolean[1];
      CompletableFuture<Token> loading =
          tokens.get(
              key,
              (k, executor) -> {
                mine[0] = true;
                return fetch(identity, pod, k, deadlineMillis);
              });
      return Future.fromCompletionStage(loading).map(t -> mine[0] ? Warmed.FETCHED : Warmed.SHARED);
    }
    if (fresh(cached, aheadMillis)) {
      return Future.succeededFuture(Warmed.FRESH);
    }
    // The cached token is still served while its successor is fetched; the successor replaces it
    // unless the entry changed meanwhile (then that entry is the newer one, or a load under way).
    CompletableFuture<Token> next = fetch(identity, pod, key, deadlineMillis);
    return Future.fromCompletionStage(next)
        .map(
            t -> {
              CompletableFuture<Token> done = CompletableFuture.completedFuture(t);
              if (!tokens.asMap().replace(key, cached, done)) {
                tokens.asMap().putIfAbsent(key, done);
              }
              return Warmed.FETCHED;
            });
  }

  /**
   * Whether {@link #warm} would find nothing to do: a token with more than {@code aheadMillis} left
   * before its refresh is cached. Synchronous and cheap, for a prefetch pass to leave out the keys
   * it would only find fresh (most of them, in every pass but the first).
   */
  public boolean fresh(BoundIdentity identity, PodRecord pod, String resource, long aheadMillis) {
    return fresh(
        tokens.getIfPresent(new CacheKey(identityKey(identity, pod), resource)), aheadMillis);
  }

  private boolean fresh(CompletableFuture<Token> cached, long aheadMillis) {
    return cached != null
        && cached.isDone()
        && !cached.isCompletedExceptionally()
        && millisUntilRefresh(cached.join()) > aheadMillis;
  }

  /** The resources pods asked for lately, by identity, as {@link #recent()} saw them. */
  @FunctionalInterface
  public interface RecentResources {
    /**
     * The resources pods asked for with {@code identity} (as {@code pod}'s service account, when
     * that matters) within the recent window; empty when nothing is recorded.
     */
    List<String> of(BoundIdentity identity, PodRecord pod);
  }

  /**
   * The recent resources of every identity, from one look over the recent keys: a prefetch pass
   * asks for each of its candidates, and a look per candidate cost time quadratic in the pods (a
   * third of an NMI's CPU in a burst of first tokens, by its profile).
   */
  public RecentResources recent() {
    if (recent == null) {
      return (identity, pod) -> List.of();
    }
    Map<String, List<String>> byIdentity = new HashMap<>();
    for (CacheKey k : recent.asMap().keySet()) {
      byIdentity.computeIfAbsent(k.identity(), i -> new ArrayList<>(1)).add(k.resource());
    }
    return (identity, pod) -> byIdentity.getOrDefault(identityKey(identity, pod), List.of());
  }

  private CompletableFuture<Token> fetch(
      BoundIdentity identity, PodRecord pod, CacheKey key, long deadlineMillis) {
    return source.fetch(identity, pod, key.resource(), deadlineMillis).subscribeAsCompletionStage();
  }

  private String identityKey(BoundIdentity identity, PodRecord pod) {
    String scope = TokenScope.suffix(identity, pod);
    return scope.isEmpty() ? keyOf(identity) : keyOf(identity) + scope;
  }

  private long millisUntilRefresh(Token token) {
    return (token.expiresOnEpochSeconds() - marginSeconds) * 1000 - clockMillis.getAsLong();
  }

  private String keyOf(BoundIdentity identity) {
    Same same = new Same(identity.identity());
    String key = keys.get(same);
    if (key == null) {
      if (keys.size() > Math.min(maxEntries, MAX_KEYS)) {
        keys.clear();
      }
      key = identity.cacheKey();
      keys.put(same, key);
    }
    return key;
  }

  public long size() {
    tokens.synchronous().cleanUp();
    return tokens.synchronous().estimatedSize();
  }

  /** A token stays until its refresh margin begins; one fetched inside it is not kept at all. */
  private record UntilRefresh(long marginSeconds) implements Expiry<CacheKey, Token> {
    @Override
    public long expireAfterCreate(CacheKey key, Token token, long nowNanos) {
      long refreshAtNanos =
          (token.expiresOnEpochSeconds() - marginSeconds) * 1000 * NANOS_PER_MILLI;
      return Math.max(0, refreshAtNanos - nowNanos);
    }

    @Override
    public long expireAfterUpdate(CacheKey key, Token token, long nowNanos, long currentNanos) {
      return expireAfterCreate(key, token, nowNanos);
    }

    @Override
    public long expireAfterRead(CacheKey key, Token token, long nowNanos, long currentNanos) {
      return currentNanos;
    }
  }
}
