package dev.podidentity.nmi.engine.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.flow.Backoff;
import dev.podidentity.nmi.config.PrefetchConfig;
import dev.podidentity.nmi.core.PrefetchCandidates.Candidate;
import dev.podidentity.nmi.core.TokenScope;
import dev.podidentity.nmi.engine.view.ViewHolder;
import dev.podidentity.nmi.metrics.NmiMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Warms the token cache before pods ask: each {@code interval} every candidate, and on each view
 * change the candidates of what changed ({@link ChangedCandidates}), times their resources (the
 * configured ones and those their pods asked for lately), are fetched when absent and again before
 * they leave the cache. At most {@code max-in-flight} at once; a failed (identity, resource) waits
 * its backoff before the next try, in the first pass after it. Passes run on the given executor,
 * never on the feed's thread or an event loop, and changes during a pass coalesce into one more
 * pass (a full one if either was).
 */
public final class Prefetch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Prefetch.class);

  private final ViewHolder holder;
  private final TokenCache cache;
  private final PrefetchConfig settings;
  private final long budgetMillis;
  private final long aheadMillis;
  private final LongSupplier clockMillis;
  private final Executor executor;
  private final NmiMetrics metrics;

  /** Requested passes not yet started: 0 idle, more while one runs (they coalesce into one). */
  private final AtomicInteger requested = new AtomicInteger();

  /** Whether a requested pass is a full one (the interval's): coalesced passes are full then. */
  private final AtomicBoolean fullRequested = new AtomicBoolean();

  private final ChangedCandidates candidates;

  /** Failed keys: how many times in a row, and when the next try may be. Bounded; forgets. */
  private final Cache<String, Failures> failures;

  private AutoCloseable subscription;

  private record Failures(int count, long retryAtMillis, Work work) {}

  private record Work(Candidate candidate, String resource) {}

  /**
   * @param budgetMillis the time one fetch may take, retries included ({@code nmi.imds.budget})
   * @param aheadMillis a cached token is fetched again once it has less than this left before the
   *     cache drops it
   */
  public Prefetch(
      ViewHolder holder,
      TokenCache cache,
      PrefetchConfig settings,
      Policy policy,
      long budgetMillis,
      long aheadMillis,
      LongSupplier clockMillis,
      Executor executor,
      NmiMetrics metrics) {
    this.holder = holder;
    this.cache = cache;
    this.settings = settings;
    this.budgetMillis = budgetMillis;
    this.aheadMillis = aheadMillis;
    this.clockMillis = clockMillis;
    this.executor = executor;
    this.metrics = metrics;
    this.candidates = new ChangedCandidates(policy, settings.eagerByDefault());
    this.failures =
        Caffeine.newBuilder()
            .maximumSize(1024)
            .expireAfterWrite(settings.retryMax().multipliedBy(2))
            .ticker(() -> clockMillis.getAsLong() * 1_000_000L)
            .executor(Runnable::run)
            .build();
  }

  /** Passes on every view change from now on. */
  public void start() {
    subscription = holder.subscribe(this::request);
    requestFull();
  }

  /**
   * Asks for a pass over what changed (a view change); returns at once (the feed's thread only
   * hands over).
   */
  public void request() {
    if (requested.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  /** Asks for a full pass (the interval's): every candidate, refreshed before it expires. */
  public void requestFull() {
    fullRequested.set(true);
    request();
  }

  private void drain() {
    int seen = requested.get();
    boolean full = fullRequested.getAndSet(false);
    Uni.createFrom()
        .deferred(() -> pass(full)) // a failure while choosing the candidates ends up below too
        .subscribe()
        .with(
            done -> next(seen),
            failure -> {
              // Never stop passing: the next change or interval tries again.
              LOG.warnf(failure, "a prefetch pass failed");
              next(seen);
            });
  }

  private void next(int seen) {
    if (requested.addAndGet(-seen) > 0) {
      executor.execute(this::drain);
    }
  }

  /** One full pass over the current view; completes when every fetch it started has ended. */
  public Uni<Void> pass() {
    return pass(true);
  }

  /**
   * One pass over the current view: every candidate ({@code full}), or those of what changed since
   * the last pass ({@link ChangedCandidates}) and the failed keys whose backoff is over.
   */
  Uni<Void> pass(boolean full) {
    long now = clockMillis.getAsLong();
    Map<String, Work> work = new LinkedHashMap<>();
    int fresh = 0;
    TokenCache.RecentResources recent = cache.recent();
    for (Candidate c : candidates.of(holder.current(), now, full)) {
      Set<String> resources = new LinkedHashSet<>(settings.resources());
      resources.addAll(recent.of(c.identity(), c.pod()));
      for (String r : resources) {
        // Each pass (one per view change) looks at every candidate; a fresh key is skipped here,
        // not through a Uni per key: those were half of an NMI's CPU in a burst of first tokens.
        if (cache.fresh(c.identity(), c.pod(), r, aheadMillis)) {
          fresh++;
        } else {
          Work w = new Work(c, r);
          work.put(keyOf(w), w);
        }
      }
    }
    if (!full) {
      // A full pass tries them as candidates; between full passes they are not looked at again.
      failures.asMap().values().stream()
          .filter(f -> f.retryAtMillis() <= now && candidates.present(f.work().candidate().pod()))
          .forEach(f -> work.putIfAbsent(keyOf(f.work()), f.work()));
    }
    metrics.prefetch("skipped", fresh);
    return Multi.createFrom()
        .iterable(work.values())
        .onItem()
        .transformToUni(this::warm)
        .merge(settings.maxInFlight())
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<String> warm(Work w) {
    String key = keyOf(w);
    long now = clockMillis.getAsLong();
    Failures failed = failures.getIfPresent(key);
    if (failed != null && failed.retryAtMillis() > now) {
      return Uni.createFrom().item(outcome("skipped"));
    }
    return Uni.createFrom()
        .completionStage(
            () ->
                cache
                    .warm(
                        w.candidate().identity(),
                        w.candidate().pod(),
                        w.resource(),
                        now + budgetMillis,
                        aheadMillis)
                    .toCompletionStage())
        .map(
            warmed -> {
              failures.invalidate(key);
              return outcome(warmed == TokenCache.Warmed.FETCHED ? "fetched" : "skipped");
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              int count = failed == null ? 1 : failed.count() + 1;
              long wait =
                  Backoff.delay(
                          count - 1,
                          settings.retryBase(),
                          settings.retryMax(),
                          ThreadLocalRandom.current().nextDouble())
                      .toMillis();
              failures.put(key, new Failures(count, clockMillis.getAsLong() + wait, w));
              LOG.debugf(
                  "prefetch of %s failed (%d in a row, next in %d ms): %s", key, count, wait, e);
              return outcome("failed");
            });
  }

  private String outcome(String outcome) {
    metrics.prefetch(outcome);
    return outcome;
  }

  private static String keyOf(Work w) {
    return TokenScope.key(w.candidate().identity(), w.candidate().pod()) + "|" + w.resource();
  }

  @Override
  public void close() {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
