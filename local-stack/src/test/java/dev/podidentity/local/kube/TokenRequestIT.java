package dev.podidentity.local.kube;

import static dev.podidentity.local.kube.ServiceAccountPods.boundTo;
import static dev.podidentity.local.kube.ServiceAccountPods.claims;
import static dev.podidentity.local.kube.ServiceAccountPods.requestFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podidentity.azuresim.OidcIssuer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TokenRequest API of the local Kubernetes API through fabric8's own call, as the NMI makes it:
 * signed tokens with the claims kube-apiserver writes, and its refusals.
 */
class TokenRequestIT {
  private static final String NS = "team-a";
  private static final String AUD = OidcIssuer.TOKEN_EXCHANGE_AUDIENCE;
  @TempDir static Path trust;
  private static MockApiServer.Running api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    api = MockApiServer.start(0, List.of(), trust);
    client = KubernetesCluster.at(api.url()).client();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void issuesATokenBoundToThePodSignedByTheIssuerWithKubernetesClaims() throws Exception {
    var node =
        client
            .nodes()
            .resource(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName("aks-nodepool1-12345678-vmss000000")
                    .endMetadata()
                    .build())
            .createOr(existing -> existing.update());
    Pod pod = ServiceAccountPods.create(client, NS, "app-0", "app");
    String accountUid =
        client.serviceAccounts().inNamespace(NS).withName("app").get().getMetadata().getUid();

    TokenRequest answer = requestFor(client, pod, "app", boundTo(pod, AUD, 600L));

    String token = answer.getStatus().getToken();
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.verify(new RSASSAVerifier(publishedKey(jwt.getHeader().getKeyID())))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(api.serviceAccountIssuer()).startsWith("https://");
    assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:team-a:app");
    assertThat(claims.getAudience()).containsExactly(AUD);
    assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(600_000L);
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getJSONObjectClaim("kubernetes.io"))
        .containsOnly(
            entry("namespace", NS),
            entry("pod", Map.of("name", "app-0", "uid", pod.getMetadata().getUid())),
            entry(
                "node",
                Map.of("name", node.getMetadata().getName(), "uid", node.getMetadata().getUid())),
            entry("serviceaccount", Map.of("name", "app", "uid", accountUid)));
    assertThat(Instant.parse(answer.getStatus().getExpirationTimestamp()))
        .isEqualTo(claims.getExpirationTime().toInstant());
    assertThat(answer.getSpec().getExpirationSeconds()).isEqualTo(600L);
    assertThat(answer.getKind()).isEqualTo("TokenRequest");
  }

  @Test
  void defaultsToAnHourForTheApiAudienceAndMakesTheDefaultAccountOnFirstUse() throws Exception {
    Pod pod = ServiceAccountPods.create(client, "fresh", "no-account", null);
    TokenRequest request = boundTo(pod, AUD, null);
    request.getSpec().setAudiences(List.of());

    TokenRequest answer = requestFor(client, pod, "default", request);

    JWTClaimsSet claims = claims(answer.getStatus().getToken());
    assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:fresh:default");
    assertThat(claims.getAudience()).containsExactly(api.serviceAccountIssuer());
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(3_600_000L);
    assertThat(client.serviceAccounts().inNamespace("fresh").withName("default").get()).isNotNull();
  }

  @Test
  void refusesAPodOfAnotherServiceAccountAsTheApiServerDoes() {
    Pod pod = ServiceAccountPods.create(client, NS, "other-0", "other");

    Status refusal = refused(400, () -> requestFor(client, pod, "app", boundTo(pod, AUD, 600L)));

    assertThat(refusal.getMessage())
        .isEqualTo(
            "cannot bind token for serviceaccount \"app\" to pod running with different"
                + " serviceaccount name.");
  }

  @Test
  void refusesADeletedPodAndAPodRecreatedUnderTheSameName() {
    Pod pod = ServiceAccountPods.create(client, NS, "short-lived", "app");
    client.pods().inNamespace(NS).withName("short-lived").withGracePeriod(0).delete();

    Status gone = refused(404, () -> requestFor(client, pod, "app", boundTo(pod, AUD, 600L)));
    ServiceAccountPods.create(client, NS, "short-lived", "app");
    Status recreated = refused(409, () -> requestFor(client, pod, "app", boundTo(pod, AUD, 600L)));

    assertThat(gone.getReason()).isEqualTo("NotFound");
    assertThat(gone.getMessage()).isEqualTo("pods \"short-lived\" not found");
    assertThat(recreated.getReason()).isEqualTo("Conflict");
    assertThat(recreated.getMessage())
        .startsWith("Operation cannot be fulfilled on Pod \"short-lived\"")
        .contains("does not match the UID in record");
  }

  @Test
  void refusesAMissingServiceAccountAndALifetimeUnderTenMinutes() {
    Pod pod = ServiceAccountPods.create(client, NS, "app-1", "app");

    Status noAccount =
        refused(404, () -> requestFor(client, pod, "nobody", boundTo(pod, AUD, 600L)));
    Status tooShort = refused(422, () -> requestFor(client, pod, "app", boundTo(pod, AUD, 599L)));

    assertThat(noAccount.getMessage()).isEqualTo("serviceaccounts \"nobody\" not found");
    assertThat(tooShort.getReason()).isEqualTo("Invalid");
    assertThat(tooShort.getMessage())
        .isEqualTo(
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds:"
                + " Invalid value: 599: may not specify a duration less than 10 minutes");
  }

  @Test
  void issuesAnUnboundTokenForAnAccountThatExists() throws Exception {
    ServiceAccountPods.create(client, NS, "app-2", "app");

    TokenRequest answer =
        client
            .serviceAccounts()
            .inNamespace(NS)
            .withName("app")
            .tokenRequest(
                new TokenRequestBuilder().withNewSpec().withAudiences(AUD).endSpec().build());

    Map<String, Object> kubernetes =
        claims(answer.getStatus().getToken()).getJSONObjectClaim("kubernetes.io");
    assertThat(kubernetes).containsOnlyKeys("namespace", "serviceaccount");
  }

  @Test
  void servesTheIssuersDiscoveryDocumentAndKeysAsKubeApiserverDoes() throws Exception {
    Map<?, ?> discovery =
        Serialization.unmarshal(client.raw("/.well-known/openid-configuration"), Map.class);

    assertThat(discovery.get("issuer")).isEqualTo(api.serviceAccountIssuer());
    assertThat(discovery.get("jwks_uri")).isEqualTo(api.serviceAccountIssuer() + "/openid/v1/jwks");
    assertThat(JWKSet.parse(client.raw("/openid/v1/jwks")).getKeys()).isNotEmpty();
  }

  /** The API's Status for a call it refuses with this HTTP code. */
  private static Status refused(int code, ThrowingCallable call) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call);
    assertThat(e).as("refused with %s", code).isNotNull();
    assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code);
    return e.getStatus();
  }

  private static RSAKey publishedKey(String kid) throws Exception {
    return JWKSet.parse(client.raw("/openid/v1/jwks")).getKeyByKeyId(kid).toRSAKey();
  }
}
