package dev.podidentity.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code <run dir>/podidentity.env} exports: the names the command reads, in this order. */
class CommandSettingsTest {
  @Test
  void exportsTheKubeconfigTheBrokerAndTheSimulatorAsTheCommandsAzure() {
    Map<String, String> env =
        CommandSettings.exports(
            Path.of("/run/kubeconfig"),
            "127.0.0.1:40001",
            "https://127.0.0.1:40002",
            Path.of("/run/azure-simulator/azure-simulator-ca.pem"),
            "tenant-guid",
            "client-guid",
            "s3cret");

    assertThat(env)
        .containsExactly(
            Map.entry("KUBECONFIG", "/run/kubeconfig"),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:40001"),
            Map.entry("PODIDENTITY_AZURE_ARM_ENDPOINT", "https://127.0.0.1:40002/"),
            Map.entry("PODIDENTITY_AZURE_AUTHORITY_HOST", "https://127.0.0.1:40002/"),
            Map.entry("PODIDENTITY_AZURE_TENANT_ID", "tenant-guid"),
            Map.entry("PODIDENTITY_AZURE_CLIENT_ID", "client-guid"),
            Map.entry("PODIDENTITY_AZURE_CLIENT_SECRET", "s3cret"),
            Map.entry(
                "PODIDENTITY_AZURE_TRUST_PEM", "/run/azure-simulator/azure-simulator-ca.pem"));
  }
}
