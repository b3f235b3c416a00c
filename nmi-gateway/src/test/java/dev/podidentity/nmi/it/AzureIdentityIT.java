package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.podidentity.azuresim.MsalImdsRedirect;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.PodRecord;
import dev.podidentity.nmi.it.TestNode.BoundPod;
import io.vertx.core.http.HttpClientOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * azure-identity's {@code ManagedIdentityCredential}, pointed at the NMI the way aad-pod-identity
 * users point it ({@code AZURE_POD_IDENTITY_AUTHORITY_HOST}), from a pod's source address.
 */
class AzureIdentityIT {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    MsalImdsRedirect.pointAt("http://127.0.0.1:" + node.nmi.port());
  }

  @AfterAll
  static void stop() {
    MsalImdsRedirect.reset();
    node.close();
  }

  static ManagedIdentityCredential credential(String podIp, String clientId) {
    HttpClient http =
        new VertxHttpClientBuilder()
            .vertx(TestCluster.vertx())
            .httpClientOptions(new HttpClientOptions().setLocalAddress(podIp))
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    return new ManagedIdentityCredentialBuilder()
        .clientId(clientId)
        .httpClient(http)
        .maxRetry(0)
        .build();
  }

  static TokenRequestContext vault() {
    return new TokenRequestContext().addScopes("https://vault.azure.net/.default");
  }

  @Test
  void boundPodGetsATokenThroughTheSdk() {
    BoundPod p = node.boundPod("127.0.0.40", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);

    AccessToken token =
        credential(p.ip(), p.identity().clientId()).getToken(vault()).block(Duration.ofSeconds(30));

    assertThat(token).isNotNull();
    assertThat(token.getToken()).isNotBlank();
    assertThat(token.isExpired()).isFalse();
  }

  @Test
  void unboundPodGetsNoTokenThroughTheSdk() {
    BoundPod other = node.boundPod("127.0.0.41", "default");
    PodRecord unbound = node.pod("127.0.0.42", "default", null);
    node.awaitPod(unbound);

    ManagedIdentityCredential stolen = credential("127.0.0.42", other.identity().clientId());

    assertThatThrownBy(() -> stolen.getToken(vault()).block(Duration.ofSeconds(30)))
        .isInstanceOf(com.azure.core.exception.ClientAuthenticationException.class)
        .hasStackTraceContaining("forbidden")
        .hasStackTraceContaining("bound to no AzureIdentity");
  }
}
