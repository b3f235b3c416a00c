package dev.podidentity.nmi.engine.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.ViewState;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.engine.view.ViewHolder;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.UpstreamException;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Prefetch on virtual time: the clock is the test's, passes run when the test says. */
class PrefetchTest {
  static final String NODE = "node-a";
  static final long MARGIN_SECONDS = 300;

  final FakeTokenSource source = new FakeTokenSource();
  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final NmiMetrics metrics = new NmiMetrics(registry);
  final TokenCache cache =
      new TokenCache(source, MARGIN_SECONDS, 100, clock::get, metrics, Duration.ofHours(25));
  final ViewState state = new ViewState(NODE);
  final ViewHolder holder = new ViewHolder(NODE);
  final List<Runnable> tasks = new ArrayList<>();
  final Prefetch prefetch = prefetch(2);

  PrefetchTest() {
    state.applyNode(
        NODE,
        new NodeRecord(
            1, NODE, "azure:///x", ComputeTarget.scaleSet("s", "rg", "v"), null, "np1", "1"));
    state.markReplayed();
    source.now(clock.get() / 1000);
  }

  Prefetch prefetch(int maxInFlight) {
    NmiConfig settings =
        ConfigMappings.of(
            NmiConfig.class,
            "nmi.node-name",
            NODE,
            "nmi.prefetch.enabled",
            "true",
            "nmi.prefetch.max-in-flight",
            String.valueOf(maxInFlight),
            "nmi.prefetch.retry-base",
            "2s",
            "nmi.prefetch.retry-max",
            "60s");
    return new Prefetch(
        holder,
        cache,
        settings.prefetch(),
        new Policy(false, false, 60_000),
        15_000,
        MARGIN_SECONDS * 1000,
        clock::get,
        tasks::add,
        metrics);
  }

  /** An eager binding of a plain user-assigned identity: a candidate on every pool. */
  BoundIdentity eager(String name) {
    IdentityRecord id = TokenCacheTest.identity(name).identity();
    state.applyConfig(id.key(), id);
    BindingRecord b =
        new BindingRecord(1, "ns", "b-" + name, id.name(), "s", true, null, "true", "1");
    state.applyConfig(b.key(), b);
    publish();
    return new BoundIdentity(id, null);
  }

  /** The view as the feed would publish it now (confirmed current at the test's clock). */
  void publish() {
    holder.publish(state.snapshot(clock.get()));
  }

  void pass() {
    publish();
    prefetch.pass().await().indefinitely();
  }

  /** A pass after a view change: it looks at what changed since the last pass. */
  void changedPass() {
    publish();
    prefetch.pass(false).await().indefinitely();
  }

  void advanceSeconds(long seconds) {
    clock.addAndGet(seconds * 1000);
    source.now(clock.get() / 1000);
  }

  double prefetched(String outcome) {
    var c = registry.find("podidentity.nmi.prefetch").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  double cacheCounter(String name) {
    return registry.get("podidentity.nmi.token.cache." + name).functionCounter().count();
  }

  @Test
  void anEagerIdentitysTokenIsFetchedOnceAndThePodsFirstRequestIsAHit() {
    BoundIdentity id = eager("e");

    pass();
    pass();

    assertThat(source.calls()).isEqualTo(1);
    assertThat(prefetched("fetched")).isEqualTo(1);
    assertThat(prefetched("skipped")).isEqualTo(1);
    assertThat(cacheCounter("hits")).isZero();
    assertThat(cacheCounter("misses")).isZero();

    assertThat(
            cache.get(id, "https://management.azure.com/", Long.MAX_VALUE).result().accessToken())
        .isEqualTo("token-1");
    assertThat(source.calls()).isEqualTo(1);
    assertThat(cacheCounter("hits")).isEqualTo(1);
  }

  @Test
  void aFailedKeyWaitsItsBackoffThenIsTriedAgain() {
    eager("e");
    source.failWith(new UpstreamException(400, false, "identity not found on the VM", "{}"));

    pass();
    pass();
    assertThat(source.calls()).isEqualTo(1);
    assertThat(prefetched("failed")).isEqualTo(1);
    assertThat(prefetched("skipped")).isEqualTo(1);

    advanceSeconds(2); // the first wait is within [1 s, 2 s)
    pass();
    assertThat(source.calls()).isEqualTo(2);
    advanceSeconds(1); // the second within [2 s, 4 s): not yet
    pass();
    assertThat(source.calls()).isEqualTo(2);

    source.failWith(null);
    advanceSeconds(3);
    pass();
    assertThat(source.calls()).isEqualTo(3);
    assertThat(prefetched("fetched")).isEqualTo(1);
  }

  @Test
  void aPassAfterAViewChangeDoesNotLookAtWhatDidNotChange() {
    eager("e");
    changedPass();

    changedPass();
    assertThat(source.calls()).isEqualTo(1);
    assertThat(prefetched("fetched")).isEqualTo(1);
    assertThat(prefetched("skipped")).isZero(); // not even tested for freshness
  }

  @Test
  void aPassAfterAViewChangeRetriesAFailedKeyOnceItsBackoffIsOver() {
    eager("e");
    source.failWith(new UpstreamException(400, false, "identity not found on the VM", "{}"));
    changedPass();
    source.failWith(null);

    changedPass(); // nothing changed, and the backoff is not over
    assertThat(source.calls()).isEqualTo(1);
    advanceSeconds(2); // the first wait is within [1 s, 2 s)
    changedPass(); // still nothing changed: retried because its time came
    assertThat(source.calls()).isEqualTo(2);
    assertThat(prefetched("fetched")).isEqualTo(1);
  }

  @Test
  void aTokenStillNeededIsFetchedAgainBeforeItLeavesTheCache() {
    BoundIdentity id = eager("e");
    pass(); // token-1 lives 3600 s; the cache drops it at 3300 s

    advanceSeconds(3000 - 1);
    pass();
    assertThat(source.calls()).isEqualTo(1); // more than the margin before the drop: fresh

    advanceSeconds(2); // now within 300 s of the drop
    pass();
    assertThat(source.calls()).isEqualTo(2);

    advanceSeconds(400); // token-1 would have left the cache
    assertThat(
            cache.get(id, "https://management.azure.com/", Long.MAX_VALUE).result().accessToken())
        .isEqualTo("token-2");
    assertThat(source.calls()).isEqualTo(2);
    assertThat(cacheCounter("misses")).isZero();
  }

  @Test
  void resourcesPodsAskedForAreKeptWarmUntilTheyAreNoLongerAskedFor() {
    BoundIdentity id = eager("e");
    cache.get(id, "https://vault.azure.net", Long.MAX_VALUE); // a pod's miss: 1 call
    pass(); // management: 1 call; vault is fresh
    assertThat(source.calls()).isEqualTo(2);

    advanceSeconds(3100);
    pass(); // both refreshed
    assertThat(source.calls()).isEqualTo(4);

    advanceSeconds(25 * 3600); // no pod asked for vault since
    pass();
    assertThat(source.calls()).isEqualTo(5); // management only
  }

  @Test
  void atMostMaxInFlightFetchesRunAtOnce() {
    source.answerManually();
    for (int i = 0; i < 5; i++) {
      eager("e" + i);
    }
    var done = prefetch.pass().subscribeAsCompletionStage();

    assertThat(source.calls()).isEqualTo(2);
    source.release();
    assertThat(source.calls()).isEqualTo(4);
    source.release();
    assertThat(source.calls()).isEqualTo(5);
    source.release();
    assertThat(done).isCompleted();
  }

  @Test
  void viewChangesDuringAPassCoalesceIntoOneMorePassOnTheExecutor() {
    source.answerManually();
    prefetch.start();
    eager("e"); // a change: another request, coalesced with the start's
    assertThat(tasks).hasSize(1);

    tasks.remove(0).run(); // the pass starts its fetch and waits for it
    assertThat(source.calls()).isEqualTo(1);
    eager("f");
    eager("g");
    assertThat(tasks).isEmpty(); // handed over only when the running pass ends

    source.release();
    assertThat(tasks).hasSize(1);
    tasks.remove(0).run();
    assertThat(source.calls()).isEqualTo(3); // f and g; e is fresh
    source.release();
    assertThat(tasks).isEmpty();
    prefetch.close();
  }
}
