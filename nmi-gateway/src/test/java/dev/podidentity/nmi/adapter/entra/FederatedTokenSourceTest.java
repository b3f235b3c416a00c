package dev.podidentity.nmi.adapter.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.ServicePrincipalCredential;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.engine.token.TestPods;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a federated identity's token request becomes: whose token, which tenant, which refusal. */
class FederatedTokenSourceTest {
  static final URI AUTHORITY = URI.create("https://login.example/");

  /** The service-account token requests made: pod, audience, lifetime. */
  final List<String> minted = new ArrayList<>();

  /** The Entra exchanges made: url, client id, resource, assertion. */
  final List<String> exchanged = new ArrayList<>();

  UpstreamException accountRefusal;

  FederatedTokenSource source(String nodeTenant) {
    return new FederatedTokenSource(
        (pod, audience, seconds) -> {
          minted.add(pod.namespace() + "/" + pod.name() + "|" + audience + "|" + seconds);
          return accountRefusal != null
              ? Uni.createFrom().failure(accountRefusal)
              : Uni.createFrom().item("sa-token-of-" + pod.serviceAccount());
        },
        (url, clientId, resource, credential, deadline) -> {
          String jwt = ((ServicePrincipalCredential.Assertion) credential).jwt();
          exchanged.add(url + "|" + clientId + "|" + resource + "|" + jwt);
          return Future.succeededFuture(new Token("t", 2, 1, resource, "Bearer", clientId, null));
        },
        AUTHORITY,
        nodeTenant,
        600);
  }

  static BoundIdentity federated(String tenant) {
    return new BoundIdentity(
        new IdentityRecord(
            1,
            "shop",
            "fed",
            IdentityType.USER_ASSIGNED_MSI,
            "/x",
            "client-f",
            tenant,
            null,
            null,
            null,
            null,
            false,
            true,
            true,
            null,
            "1"),
        null);
  }

  static final PodRecord POD = TestPods.pod("shop", "web-1", "web");

  Throwable failureOf(Uni<Token> uni) {
    return uni.subscribeAsCompletionStage().handle((t, e) -> e).join();
  }

  @Test
  void exchangesThePodsServiceAccountTokenForTheIdentitysClientId() {
    Token token =
        source("node-tenant")
            .fetch(federated("own-tenant"), POD, "https://vault.azure.net", Long.MAX_VALUE)
            .await()
            .indefinitely();

    assertThat(token.clientId()).isEqualTo("client-f");
    assertThat(minted).containsExactly("shop/web-1|api://AzureADTokenExchange|600");
    assertThat(exchanged)
        .containsExactly(
            "https://login.example/own-tenant/oauth2/v2.0/token|client-f"
                + "|https://vault.azure.net|sa-token-of-web");
  }

  @Test
  void anIdentityWithoutATenantUsesTheNodesTenant() {
    source("node-tenant")
        .fetch(federated(null), POD, "https://r", Long.MAX_VALUE)
        .await()
        .indefinitely();

    assertThat(exchanged)
        .singleElement()
        .asString()
        .startsWith("https://login.example/node-tenant/");
  }

  @Test
  void withoutAnyTenantItIsRefusedBeforeAnyTokenIsMinted() {
    Throwable e = failureOf(source(null).fetch(federated(null), POD, "https://r", Long.MAX_VALUE));

    assertThat(e)
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("nmi.federation.tenant-id");
    assertThat(((UpstreamException) e).status()).isEqualTo(403);
    assertThat(minted).isEmpty();
  }

  @Test
  void aRefusedServiceAccountTokenIsPassedOnWithoutAskingEntra() {
    accountRefusal = new UpstreamException(403, false, "no such pod", null);

    Throwable e = failureOf(source("t").fetch(federated("t"), POD, "https://r", Long.MAX_VALUE));

    assertThat(e).isSameAs(accountRefusal);
    assertThat(exchanged).isEmpty();
  }

  @Test
  void withoutThePodThereIsNoTokenToAskFor() {
    Throwable e = failureOf(source("t").fetch(federated("t"), "https://r", Long.MAX_VALUE));

    assertThat(((UpstreamException) e).status()).isEqualTo(403);
    assertThat(minted).isEmpty();
  }
}
