package dev.podidentity.nmi.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.PodRecord;
import dev.podidentity.nmi.engine.token.TestPods;
import dev.podidentity.nmi.port.UpstreamException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesServiceAccountTokensTest {
  static final PodRecord POD = TestPods.pod("shop", "web-1", "web");

  @Test
  void theRequestIsBoundToThePodByNameAndUid() {
    TokenRequest r = KubernetesServiceAccountTokens.boundTo(POD, "api://AzureADTokenExchange", 600);

    assertThat(r.getSpec().getAudiences()).containsExactly("api://AzureADTokenExchange");
    assertThat(r.getSpec().getExpirationSeconds()).isEqualTo(600L);
    assertThat(r.getSpec().getBoundObjectRef().getKind()).isEqualTo("Pod");
    assertThat(r.getSpec().getBoundObjectRef().getName()).isEqualTo("web-1");
    assertThat(r.getSpec().getBoundObjectRef().getUid()).isEqualTo("uid-web-1");
  }

  @ParameterizedTest(name = "API answers {0}: {1}, retriable {2}")
  @CsvSource({
    "403, 403, false, RBAC: create serviceaccounts/token",
    "401, 403, false, RBAC: create serviceaccounts/token",
    "404, 403, false, the pod is gone",
    "400, 403, false, the pod is gone",
    "422, 403, false, the pod is gone",
    "429, 503, true, Kubernetes API answered 429",
    "500, 503, true, Kubernetes API answered 500",
    "0, 503, true, Kubernetes API answered 0"
  })
  void refusalsRetryingCannotFixAre403sAndFailuresAreRetriable(
      int apiStatus, int status, boolean retriable, String text) {
    KubernetesClientException e =
        new KubernetesClientException(
            new StatusBuilder().withCode(apiStatus).withMessage("the pod is gone").build());

    UpstreamException u = KubernetesServiceAccountTokens.refusal(e, "shop/web", POD);

    assertThat(u.status()).isEqualTo(status);
    assertThat(u.retriable()).isEqualTo(retriable);
    assertThat(u.getMessage()).contains(text).contains("shop/web");
  }
}
