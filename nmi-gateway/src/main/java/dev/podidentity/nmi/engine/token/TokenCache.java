package dev.podidentity.nmi.engine.token;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.TokenSource;
import io.vertx.core.Future;
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
  private final NmiMetrics metrics;
  private final AsyncCache<Key, Token> tokens;

  /** Two strings whose hashes are cached: no key string is built per request. */
  private record Key(String identity, String resource) {}

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
    this.source = source;
    this.maxEntries = maxEntries;
    this.metrics = metrics;
    this.tokens =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new UntilRefresh(marginSeconds))
            .ticker(() -> clockMillis.getAsLong() * NANOS_PER_MILLI)
            .executor(Runnable::run) // upkeep on the caller's thread: no common-pool tasks
            .buildAsync();
  }

  /** A valid token of {@code identity} for {@code resource}, for no pod in particular. */
  public Future<Token> get(BoundIdentity identity, String resource, long deadlineMillis) {
    return get(identity, null, resource, deadlineMillis);
  }

  /** A valid token of {@code identity} for {@code resource}, asked for by {@code pod}. */
  public Future<Token> get(
      BoundIdentity identity, PodRecord pod, String resource, long deadlineMillis) {
    String identityKey = keyOf(identity);
    if (identity.identity().federated() && pod != null) {
      // Pods of one service account share its tokens; pods of another never do.
      identityKey = identityKey + "|sa:" + pod.namespace() + "/" + pod.serviceAccount();
    }
    Key key = new Key(identityKey, resource);
    CompletableFuture<Token> cached = tokens.getIfPresent(key);
    if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
      metrics.cacheHit();
      return Future.succeededFuture(cached.join());
    }
    metrics.cacheMiss();
    return Future.fromCompletionStage(
        tokens.get(
            key,
            (k, executor) ->
                source
                    .fetch(identity, pod, resource, deadlineMillis)
                    .subscribeAsCompletionStage()));
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
  private record UntilRefresh(long marginSeconds) implements Expiry<Key, Token> {
    @Override
    public long expireAfterCreate(Key key, Token token, long nowNanos) {
      long refreshAtNanos =
          (token.expiresOnEpochSeconds() - marginSeconds) * 1000 * NANOS_PER_MILLI;
      return Math.max(0, refreshAtNanos - nowNanos);
    }

    @Override
    public long expireAfterUpdate(Key key, Token token, long nowNanos, long currentNanos) {
      return expireAfterCreate(key, token, nowNanos);
    }

    @Override
    public long expireAfterRead(Key key, Token token, long nowNanos, long currentNanos) {
      return currentNanos;
    }
  }
}
