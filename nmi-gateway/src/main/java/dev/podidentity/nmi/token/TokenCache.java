package dev.podidentity.nmi.token;

import dev.podidentity.nmi.core.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.TokenSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens per (identity, resource), fetched anew once less than the refresh margin of their life is
 * left. Concurrent misses of one key share one upstream call (single flight). Authorisation is not
 * this class's business: callers decide first, on every request.
 */
public final class TokenCache {
  private final TokenSource source;
  private final long marginSeconds;
  private final int maxEntries;
  private final LongSupplier clockMillis;
  private final NmiMetrics metrics;
  private final Map<Key, Token> tokens = new ConcurrentHashMap<>();
  private final Map<Key, Future<Token>> inFlight = new ConcurrentHashMap<>();

  /** Two strings whose hashes are cached: no key string is built per request. */
  private record Key(String identity, String resource) {}

  /**
   * Cache keys of identities seen recently. The view hands out the same record instances until the
   * configuration changes, so this saves building the key string on every request.
   */
  private final Map<dev.podidentity.events.IdentityRecord, String> keys = new ConcurrentHashMap<>();

  public TokenCache(
      TokenSource source,
      long marginSeconds,
      int maxEntries,
      LongSupplier clockMillis,
      NmiMetrics metrics) {
    this.source = source;
    this.marginSeconds = marginSeconds;
    this.maxEntries = maxEntries;
    this.clockMillis = clockMillis;
    this.metrics = metrics;
  }

  /** A valid token of {@code identity} for {@code resource}. */
  public Future<Token> get(BoundIdentity identity, String resource, long deadlineMillis) {
    Key key = new Key(keyOf(identity), resource);
    Token cached = tokens.get(key);
    if (cached != null && !cached.needsRefresh(nowSeconds(), marginSeconds)) {
      metrics.cacheHit();
      return Future.succeededFuture(cached);
    }
    metrics.cacheMiss();
    Promise<Token> mine = Promise.promise();
    Future<Token> shared = inFlight.putIfAbsent(key, mine.future());
    if (shared != null) {
      return shared;
    }
    source
        .fetch(identity, resource, deadlineMillis)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                store(key, ar.result());
              }
              inFlight.remove(key);
              mine.handle(ar);
            });
    return mine.future();
  }

  private String keyOf(BoundIdentity identity) {
    String key = keys.get(identity.identity());
    if (key == null) {
      if (keys.size() > maxEntries) {
        keys.clear();
      }
      key = identity.cacheKey();
      keys.put(identity.identity(), key);
    }
    return key;
  }

  public int size() {
    return tokens.size();
  }

  private void store(Key key, Token token) {
    if (tokens.size() >= maxEntries) {
      long now = nowSeconds();
      tokens.values().removeIf(t -> t.needsRefresh(now, marginSeconds));
      if (tokens.size() >= maxEntries) {
        return; // full of live tokens: serve this one uncached rather than grow without bound
      }
    }
    tokens.put(key, token);
  }

  private long nowSeconds() {
    return clockMillis.getAsLong() / 1000;
  }
}
