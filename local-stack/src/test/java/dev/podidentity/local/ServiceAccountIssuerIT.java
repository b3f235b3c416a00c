package dev.podidentity.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.OidcIssuer;
import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.local.kube.ServiceAccountPods;
import dev.podidentity.local.process.Processes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's wiring of the federated flow, with the parts as the stack runs them: the
 * Kubernetes API process, whose issuer's URL and certificate the launcher reads from its output,
 * and the simulator process started to trust that certificate.
 */
class ServiceAccountIssuerIT {
  private static final Duration READY = Duration.ofSeconds(120);

  @Test
  void theSimulatorProcessExchangesTokensOfTheApiProcessesIssuer(@TempDir Path runDir)
      throws Exception {
    StackOptions options =
        StackOptions.defaults(RepoRoot.find().orElseThrow())
            .withRunDir(runDir)
            .withNodes(1)
            .withPatchLatency(Duration.ZERO);
    Processes processes = new Processes(runDir.resolve("logs"), READY);
    KubernetesApi api = null;
    try {
      api = KubernetesApi.start(options, processes, READY);
      SimulatedAzure azure =
          SimulatedAzure.start(options, processes, api.cluster(), api.issuerTrustPem(), READY);
      SimIdentity identity = SimulatedAzure.createIdentity(azure.admin(), "app");
      azure
          .admin()
          .addFederatedCredential(
              identity.id(),
              "tokens-app",
              api.serviceAccountIssuer(),
              OidcIssuer.serviceAccountSubject("tokens", "app"));

      HttpResponse<String> answer =
          ServiceAccountPods.exchange(
              azure.armUrl(),
              SimulatorConfig.DEFAULT_TENANT,
              azure.trustPem(),
              identity.clientId(),
              ServiceAccountPods.podToken(api.cluster().client(), "tokens", "app-0", "app"));

      assertThat(api.serviceAccountIssuer()).startsWith("https://127.0.0.1:");
      assertThat(api.issuerTrustPem()).startsWith(runDir.resolve("kubernetes-api")).isRegularFile();
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(azure.admin().entraCount("federated", "accepted")).isEqualTo(1);
    } finally {
      if (api != null) {
        api.cluster().close();
      }
      processes.stopAll(Duration.ofSeconds(10));
    }
  }
}
