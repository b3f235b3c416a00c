package dev.podidentity.cli.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import org.junit.jupiter.api.Test;

/** The cluster's service-account issuer, read as kubectl reads the API's discovery document. */
class KubernetesServiceAccountIssuerIT {
  private final KubernetesServer server = KubernetesTestServerResource.server();
  private final KubernetesServiceAccountIssuer issuer =
      new KubernetesServiceAccountIssuer(server.getClient());

  @Test
  void readsTheIssuerTheDiscoveryDocumentNames() {
    server
        .expect()
        .get()
        .withPath(KubernetesServiceAccountIssuer.DISCOVERY)
        .andReturn(
            200,
            "{\"issuer\":\"https://oidc.example/cluster/\","
                + "\"jwks_uri\":\"https://10.0.0.1:443/openid/v1/jwks\"}")
        .once();

    assertThat(issuer.issuer()).isEqualTo("https://oidc.example/cluster/");
  }

  @Test
  void aClusterThatServesNoDiscoveryDocumentIsOneLineSayingSo() {
    assertThatThrownBy(issuer::issuer)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot read the cluster's service-account issuer from")
        .hasMessageNotContaining("\n");
  }
}
