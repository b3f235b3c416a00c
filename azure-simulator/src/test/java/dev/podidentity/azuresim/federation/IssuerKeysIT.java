package dev.podidentity.azuresim.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import dev.podidentity.azuresim.OidcIssuer;
import dev.podidentity.azuresim.control.Counters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The issuer key cache against a real loopback issuer, with a clock the test moves. */
class IssuerKeysIT {

  final Vertx vertx = Vertx.vertx();
  final OidcIssuer oidc = OidcIssuer.startHttp();
  final Counters counters = new Counters();
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final IssuerKeys keys =
      new IssuerKeys(
          vertx,
          List.of(),
          counters,
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          });

  @AfterEach
  void stop() {
    oidc.close();
    vertx.close();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void servesAKnownKeyFromCacheUntilItsTimeToLiveEnds() throws Exception {
    JWK first = await(keys.key(oidc.issuer(), oidc.keyId()));
    await(keys.key(oidc.issuer(), oidc.keyId()));
    now = now.plus(IssuerKeys.CACHE_TTL).minusSeconds(1);
    await(keys.key(oidc.issuer(), oidc.keyId()));

    assertThat(first.getKeyID()).isEqualTo(oidc.keyId());
    assertThat(oidc.jwksRequests()).isEqualTo(1);

    now = now.plus(Duration.ofSeconds(2));
    await(keys.key(oidc.issuer(), oidc.keyId()));

    assertThat(oidc.jwksRequests()).isEqualTo(2);
    assertThat(counters.entraCount(Counters.FEDERATED, Counters.JWKS_FETCHES)).isEqualTo(2);
  }

  @Test
  void concurrentLookupsShareOneFetchAndAnUnknownKidIsNull() throws Exception {
    Future<JWK> a = keys.key(oidc.issuer(), "no-such-kid");
    Future<JWK> b = keys.key(oidc.issuer(), oidc.keyId());

    assertThat(await(a)).isNull();
    assertThat(await(b).getKeyID()).isEqualTo(oidc.keyId());
    assertThat(oidc.jwksRequests()).isEqualTo(1);
  }

  @Test
  void anUnreachableIssuerFailsAsDiscovery() throws Exception {
    String gone = oidc.issuer();
    oidc.close();

    Throwable failure =
        keys.key(gone, "kid")
            .toCompletionStage()
            .toCompletableFuture()
            .handle((k, e) -> e)
            .get(10, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(IssuerKeys.FetchFailed.class);
    assertThat(((IssuerKeys.FetchFailed) failure).discovery()).isTrue();
  }
}
