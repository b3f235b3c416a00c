package dev.podidentity.nmi.engine.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.UpstreamException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  final FakeTokenSource source = new FakeTokenSource();
  final AtomicLong clockMillis = new AtomicLong(1_000_000_000L);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TokenCache cache =
      new TokenCache(source, 300, 3, clockMillis::get, new NmiMetrics(registry));

  static BoundIdentity identity(String clientId) {
    return identity(clientId, false);
  }

  static BoundIdentity identity(String clientId, boolean federated) {
    return new BoundIdentity(
        new IdentityRecord(
            1,
            "ns",
            "id-" + clientId,
            IdentityType.USER_ASSIGNED_MSI,
            "/sub/x/" + clientId,
            clientId,
            "tenant",
            null,
            null,
            null,
            null,
            false,
            federated,
            true,
            null,
            "1"),
        null);
  }

  static PodRecord pod(String namespace, String name, String serviceAccount) {
    return TestPods.pod(namespace, name, serviceAccount);
  }

  @Test
  void concurrentMissesOfOneKeyShareOneUpstreamCall() {
    source.answerManually();
    List<Future<Token>> all = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      all.add(cache.get(identity("a"), "vault", Long.MAX_VALUE));
    }
    source.release();

    assertThat(source.calls()).isEqualTo(1);
    assertThat(all).allMatch(f -> f.succeeded() && f.result().accessToken().equals("token-1"));
  }

  @Test
  void servesFromTheCacheUntilTheRefreshMargin() {
    source.now(clockMillis.get() / 1000);
    cache.get(identity("a"), "vault", Long.MAX_VALUE);
    cache.get(identity("a"), "vault", Long.MAX_VALUE);
    assertThat(source.calls()).isEqualTo(1);

    clockMillis.addAndGet((3600 - 300) * 1000L); // now inside the 5-minute margin
    Token refreshed = cache.get(identity("a"), "vault", Long.MAX_VALUE).result();

    assertThat(source.calls()).isEqualTo(2);
    assertThat(refreshed.accessToken()).isEqualTo("token-2");
    assertThat(registry.get("podidentity.nmi.token.cache.hits").functionCounter().count())
        .isEqualTo(1);
  }

  @Test
  void keysAreIdentityAndResource() {
    source.now(clockMillis.get() / 1000);
    cache.get(identity("a"), "vault", Long.MAX_VALUE);
    cache.get(identity("a"), "storage", Long.MAX_VALUE);
    cache.get(identity("b"), "vault", Long.MAX_VALUE);

    assertThat(source.calls()).isEqualTo(3);
  }

  @Test
  void aFederatedIdentitysTokensArePerServiceAccountAndShared() {
    source.now(clockMillis.get() / 1000);
    BoundIdentity federated = identity("f", true);
    cache.get(federated, pod("shop", "web-1", "web"), "vault", Long.MAX_VALUE);
    cache.get(federated, pod("shop", "web-2", "web"), "vault", Long.MAX_VALUE);
    assertThat(source.calls()).isEqualTo(1);

    cache.get(federated, pod("shop", "batch-1", "batch"), "vault", Long.MAX_VALUE);
    cache.get(federated, pod("other", "web-1", "web"), "vault", Long.MAX_VALUE);

    assertThat(source.calls()).isEqualTo(3);
  }

  @Test
  void aManagedIdentitysTokensAreSharedWhateverThePodsServiceAccount() {
    source.now(clockMillis.get() / 1000);
    cache.get(identity("a"), pod("shop", "web-1", "web"), "vault", Long.MAX_VALUE);
    cache.get(identity("a"), pod("shop", "batch-1", "batch"), "vault", Long.MAX_VALUE);

    assertThat(source.calls()).isEqualTo(1);
  }

  @Test
  void failuresAreNotCachedAndTheNextRequestTriesAgain() {
    source.failWith(new UpstreamException(503, true, "down", null));
    assertThat(cache.get(identity("a"), "vault", Long.MAX_VALUE).failed()).isTrue();
    source.failWith(null);
    source.now(clockMillis.get() / 1000);

    assertThat(cache.get(identity("a"), "vault", Long.MAX_VALUE).succeeded()).isTrue();
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void neverHoldsMoreThanMaxEntries() {
    source.now(clockMillis.get() / 1000);
    for (int i = 0; i < 10; i++) {
      cache.get(identity("a"), "resource-" + i, Long.MAX_VALUE);
    }
    assertThat(cache.size()).isEqualTo(3);
  }
}
