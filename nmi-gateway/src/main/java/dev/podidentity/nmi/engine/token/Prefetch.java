package dev.podidentity.nmi.engine.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.flow.Backoff;
import dev.podidentity.nmi.config.PrefetchConfig;
import dev.podidentity.nmi.core.PrefetchCandidates;
import dev.podidentity.nmi.core.PrefetchCandidates.Candidate;
import dev.podidentity.nmi.core.TokenScope;
import dev.podidentity.nmi.engine.view.ViewHolder;
import dev.podidentity.nmi.metrics.NmiMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Warms the token cache before pods ask: on each view change and each {@code interval}, the
 * candidates ({@link PrefetchCandidates}) times their resources (the configured ones and those
 * their pods asked for lately) are fetched when absent and again before they leave the cache. At
 * most {@code max-in-flight} at once; a failed (identity, resource) waits its backoff before the
 * next try. Passes run on the given executor, never on the feed's thread or an event loop, and
 * changes during a pass coalesce into one more pass.
 */
public final class Prefetch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Prefetch.class);

  private final ViewHolder holder;
  private final TokenCache cache;
  private final PrefetchConfig settings;
  private final Policy policy;
  private final long budgetMillis;
  private final long aheadMillis;
  private final LongSupplier clockMillis;
  private final Executor executor;
  private final NmiMetrics metrics;

  /** Requested passes not yet started: 0 idle, more while one runs (they coalesce into one). */
  private final AtomicInteger requested = new AtomicInteger();

  /** Failed keys: how many times in a row, and when the next try may be. Bounded; forgets. */
  private final Cache<String, Failures> failures;

  private AutoCloseable subscription;

  private record Failures(int count, long retryAtMillis) {}

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
    this.policy = policy;
    this.budgetMillis = budgetMillis;
    this.aheadMillis = aheadMillis;
    this.clockMillis = clockMillis;
    this.executor = executor;
    this.metrics = metrics;
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
    request();
  }

  /** Asks for a pass; returns at once (the feed's thread only hands over). */
  public void request() {
    if (requested.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    int seen = requested.get();
    Uni.createFrom()
        .deferred(this::pass) // a failure while choosing the candidates ends up below too
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

  /** One pass over the current view; completes when every fetch it started has ended. */
  public Uni<Void> pass() {
    long now = clockMillis.getAsLong();
    List<Work> work = new ArrayList<>();
    int fresh = 0;
    TokenCache.RecentResources recent = cache.recent();
    for (Candidate c :
        PrefetchCandidates.of(holder.current(), policy, settings.eagerByDefault(), now)) {
      Set<String> resources = new LinkedHashSet<>(settings.resources());
      resources.addAll(recent.of(c.identity(), c.pod()));
      for (String r : resources) {
        // Each pass (one per view change) looks at every candidate; a fresh key is skipped here,
        // not through a Uni per key: those were half of an NMI's CPU in a burst of first tokens.
        if (cache.fresh(c.identity(), c.pod(), r, aheadMillis)) {
          fresh++;
        } else {
          work.add(new Work(c, r));
        }
      }
    }
    metrics.prefetch("skipped", fresh);
    return Multi.createFrom()
        .iterable(work)
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
              failures.put(key, new Failures(count, clockMillis.getAsLong() + wait));
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
