package dev.podidentity.testsupport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubectlTest {
  @ParameterizedTest(name = "kubectl {0} with kustomize {1}: renders = {2}")
  @CsvSource({
    // Debian's kubernetes-client: too old for Components.
    "v1.20.5, v2.0.3, false",
    "v1.21.0, v4.0.5, true",
    "v1.32.4, v5.5.0, true",
  })
  void rendersOnlyWithAKustomizeThatKnowsComponents(String client, String kustomize, boolean ok) {
    String output =
        "{\"clientVersion\":{\"major\":\"1\",\"gitVersion\":\""
            + client
            + "\"},\n  \"kustomizeVersion\": \""
            + kustomize
            + "\"}";

    var reason = Kubectl.kustomizeTooOld(output);

    assertThat(reason.isEmpty()).isEqualTo(ok);
    reason.ifPresent(r -> assertThat(r).contains(client).contains("Components"));
  }

  @ParameterizedTest
  @CsvSource({"'{\"clientVersion\":{\"gitVersion\":\"v1.32.0\"}}'"})
  void aKubectlReportingNoKustomizeIsNotUsedForRendering(String output) {
    assertThat(Kubectl.kustomizeTooOld(output))
        .hasValueSatisfying(r -> assertThat(r).contains("no kustomize"));
  }
}
