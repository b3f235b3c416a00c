package dev.podidentity.nmi.engine.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.SecretRef;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.port.UpstreamException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ByTypeTokenSourceTest {
  final FakeTokenSource imds = new FakeTokenSource();
  final FakeTokenSource entra = new FakeTokenSource();

  final FakeTokenSource federation = new FakeTokenSource();

  static BoundIdentity of(IdentityType type) {
    return of(type, false);
  }

  static BoundIdentity of(IdentityType type, boolean federated) {
    return new BoundIdentity(
        new IdentityRecord(
            1,
            "ns",
            "id",
            type,
            "/x",
            "client",
            "tenant",
            new SecretRef("ns", "s"),
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

  @ParameterizedTest
  @EnumSource(IdentityType.class)
  void eachTypeGoesToItsSource(IdentityType type) {
    CompletableFuture<Token> f =
        new ByTypeTokenSource(imds, entra)
            .fetch(of(type), "https://r", Long.MAX_VALUE)
            .subscribeAsCompletionStage();

    assertThat(imds.calls()).isEqualTo(type == IdentityType.USER_ASSIGNED_MSI ? 1 : 0);
    assertThat(entra.calls()).isEqualTo(type.code() == 1 || type.code() == 2 ? 1 : 0);
    assertThat(f.isDone() && !f.isCompletedExceptionally()).isEqualTo(type != IdentityType.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(names = {"SERVICE_PRINCIPAL", "SERVICE_PRINCIPAL_CERTIFICATE"})
  void servicePrincipalsAreRefusedWithTheReasonWhenDisabled(IdentityType type) {
    CompletableFuture<Token> f =
        new ByTypeTokenSource(imds, null)
            .fetch(of(type), "https://r", Long.MAX_VALUE)
            .subscribeAsCompletionStage();

    UpstreamException e = (UpstreamException) f.handle((token, error) -> error).join();
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("service-principal identities are disabled");
    assertThat(imds.calls()).isZero();
  }

  @Test
  void aFederatedIdentityGoesToFederationWithThePodNeverToImds() {
    CompletableFuture<Token> f =
        new ByTypeTokenSource(imds, entra, federation)
            .fetch(
                of(IdentityType.USER_ASSIGNED_MSI, true),
                TokenCacheTest.pod("shop", "web-1", "web"),
                "https://r",
                Long.MAX_VALUE)
            .subscribeAsCompletionStage();

    assertThat(f.isDone() && !f.isCompletedExceptionally()).isTrue();
    assertThat(federation.calls()).isEqualTo(1);
    assertThat(imds.calls()).isZero();
    assertThat(entra.calls()).isZero();
  }

  @Test
  void federatedIdentitiesAreRefusedWithTheReasonWhenDisabled() {
    CompletableFuture<Token> f =
        new ByTypeTokenSource(imds, entra)
            .fetch(of(IdentityType.USER_ASSIGNED_MSI, true), "https://r", Long.MAX_VALUE)
            .subscribeAsCompletionStage();

    UpstreamException e = (UpstreamException) f.handle((token, error) -> error).join();
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("federated identities are disabled", "nmi.federation");
    assertThat(imds.calls()).isZero();
  }
}
