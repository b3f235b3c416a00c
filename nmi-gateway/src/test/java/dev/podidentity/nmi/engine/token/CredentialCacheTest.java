package dev.podidentity.nmi.engine.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.SecretRef;
import dev.podidentity.nmi.core.ServicePrincipalCredential;
import dev.podidentity.nmi.port.UpstreamException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {
  final FakeSecretReader secrets = new FakeSecretReader();
  final AtomicLong clockMillis = new AtomicLong(1_000_000L);
  final CredentialCache cache = new CredentialCache(secrets, 60_000, clockMillis::get);

  static IdentityRecord sp(SecretRef ref) {
    return new IdentityRecord(
        1,
        "ns",
        "sp",
        IdentityType.SERVICE_PRINCIPAL,
        null,
        "client",
        "tenant",
        ref,
        null,
        null,
        null,
        false,
        true,
        null,
        "1");
  }

  static final IdentityRecord SP = sp(new SecretRef("ns", "sp-secret"));

  void secret(String value) {
    secrets.put("ns", "sp-secret", Map.of("clientSecret", value.getBytes(StandardCharsets.UTF_8)));
  }

  static UpstreamException failure(Future<?> f) {
    assertThat(f.failed()).as("failed").isTrue();
    return (UpstreamException) f.cause();
  }

  @Test
  void aSecretIsReadOnceAndKeptForTheCacheTime() {
    secret("one");

    Future<ServicePrincipalCredential> first = cache.get(SP);
    Future<ServicePrincipalCredential> second = cache.get(SP);

    assertThat(first.result()).isEqualTo(new ServicePrincipalCredential.Secret("one"));
    assertThat(second.result()).isEqualTo(first.result());
    assertThat(secrets.reads()).isEqualTo(1);
  }

  @Test
  void aRotatedSecretIsUsedOnceTheCacheTimeHasPassed() {
    secret("old");
    cache.get(SP);
    secret("new");

    clockMillis.addAndGet(59_999);
    assertThat(cache.get(SP).result()).isEqualTo(new ServicePrincipalCredential.Secret("old"));
    clockMillis.addAndGet(1);
    assertThat(cache.get(SP).result()).isEqualTo(new ServicePrincipalCredential.Secret("new"));
    assertThat(secrets.reads()).isEqualTo(2);
  }

  @Test
  void concurrentMissesShareOneRead() {
    secret("s");
    secrets.hold();
    List<Future<ServicePrincipalCredential>> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(cache.get(SP));
    }

    secrets.release();

    assertThat(secrets.reads()).isEqualTo(1);
    assertThat(all).allSatisfy(f -> assertThat(f.result()).isNotNull());
  }

  @Test
  void aMissingSecretIsRefusedAndNotRemembered() {
    UpstreamException missing = failure(cache.get(SP));
    assertThat(missing.retriable()).isFalse();
    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.getMessage()).contains("ns/sp-secret not found");

    secret("created-later");

    assertThat(cache.get(SP).result())
        .isEqualTo(new ServicePrincipalCredential.Secret("created-later"));
  }

  @Test
  void aSecretWithoutTheKeyIsRefusedWithTheKeyName() {
    secrets.put("ns", "sp-secret", Map.of("password", new byte[] {1}));

    UpstreamException e = failure(cache.get(SP));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("no data key 'clientSecret'");
  }

  @Test
  void anIdentityWithoutClientPasswordIsRefusedWithoutARead() {
    UpstreamException e = failure(cache.get(sp(null)));

    assertThat(e.getMessage()).contains("has no clientPassword Secret");
    assertThat(secrets.reads()).isZero();
  }

  @Test
  void anApiOutageIsRetriableAndNotRemembered() {
    secret("s");
    secrets.apiDown(true);
    assertThat(failure(cache.get(SP)).retriable()).isTrue();

    secrets.apiDown(false);

    assertThat(cache.get(SP).result()).isEqualTo(new ServicePrincipalCredential.Secret("s"));
  }
}
