package dev.podidentity.cli.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The command's own settings ({@code podidentity.*} keys or {@code PODIDENTITY_*} variables). */
@ConfigMapping(prefix = "podidentity")
public interface CliConfig {
  Kafka kafka();

  Azure azure();

  interface Kafka {
    /** How long reading one topic to its end may take. */
    Duration readTimeout();

    /**
     * How long {@code identity list} waits for the assignment state, which is optional there: the
     * cluster's listing is printed without it after this long.
     */
    Duration assignmentStateTimeout();
  }

  /**
   * Azure Resource Manager, read only: the identities on a scale set or VM, and an identity's
   * client id. Every key is optional: without a client secret the credential is found as the Azure
   * SDKs find it (environment, workload identity, managed identity, Azure CLI login).
   */
  interface Azure {
    @WithDefault("https://management.azure.com/")
    String armEndpoint();

    @WithDefault("https://login.microsoftonline.com/")
    String authorityHost();

    Optional<String> tenantId();

    Optional<String> clientId();

    Optional<String> clientSecret();

    /** A PEM file of certificates to trust for ARM and the authority (a private endpoint). */
    Optional<String> trustPem();

    /** How long one ARM call, token included, may take. */
    @WithDefault("30s")
    Duration requestTimeout();
  }
}
