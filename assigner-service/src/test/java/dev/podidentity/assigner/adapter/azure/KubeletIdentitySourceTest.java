package dev.podidentity.assigner.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletIdentitySourceTest {
  @TempDir Path dir;

  /**
   * Config as the application builds it: the factory, and properties at application.properties'
   * ordinal.
   */
  SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
        .withSources(new KubeletIdentitySource())
        .build();
  }

  Path cloudConfig(String json) throws IOException {
    return Files.writeString(dir.resolve("azure.json"), json);
  }

  @Test
  void theCloudProviderConfigsKubeletIdentityIsTheClusterIdentity() throws IOException {
    Path file =
        cloudConfig(
            "{\"cloud\":\"AzurePublicCloud\",\"useManagedIdentityExtension\":true,"
                + "\"userAssignedIdentityID\":\"11111111-2222-3333-4444-555555555555\"}");

    SmallRyeConfig c = config(Map.of("assigner.cloud-config", file.toString()));

    assertThat(c.getOptionalValue("assigner.cluster-identity", String.class))
        .contains("11111111-2222-3333-4444-555555555555");
  }

  @Test
  void aConfiguredClusterIdentityWins() throws IOException {
    Path file = cloudConfig("{\"userAssignedIdentityID\":\"from-the-node\"}");
    Map<String, String> p = new HashMap<>();
    p.put("assigner.cloud-config", file.toString());
    p.put("assigner.cluster-identity", "configured");

    assertThat(config(p).getValue("assigner.cluster-identity", String.class))
        .isEqualTo("configured");
  }

  @Test
  void noFileNoValueOrABrokenFileSetsNothing() throws IOException {
    assertThat(
            config(Map.of("assigner.cloud-config", dir.resolve("absent.json").toString()))
                .getOptionalValue("assigner.cluster-identity", String.class))
        .isEqualTo(Optional.empty());
    Path noValue = cloudConfig("{\"useManagedIdentityExtension\":false,\"aadClientId\":\"x\"}");
    assertThat(
            config(Map.of("assigner.cloud-config", noValue.toString()))
                .getOptionalValue("assigner.cluster-identity", String.class))
        .isEmpty();
    Path broken = cloudConfig("{not json");
    assertThat(KubeletIdentitySource.kubeletIdentity(broken)).isNull();
  }

  @Test
  void theApplicationFindsItAsSmallRyeConfigFindsFactories() {
    assertThat(
            java.util.ServiceLoader.load(io.smallrye.config.ConfigSourceFactory.class).stream()
                .map(java.util.ServiceLoader.Provider::type))
        .contains(KubeletIdentitySource.class);
  }
}
