package dev.podidentity.nmi.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * Service-principal identities ({@code nmi.service-principals.*}, AzureIdentity types 1 and 2), and
 * the Entra calls federated identities make too.
 */
public interface ServicePrincipalsConfig {
  /**
   * Serve types 1 and 2: read their Secrets from the Kubernetes API (needs {@code get} on Secrets)
   * and get tokens from Entra. Off: they are answered 403.
   */
  @WithDefault("false")
  boolean enabled();

  /** A Secret read is kept this long: a rotated secret is used within this time. */
  @WithName("secret-cache")
  @WithDefault("60s")
  Duration secretCache();

  /** The authority host for identities without {@code adEndpoint}. */
  @WithName("default-authority")
  @WithDefault("https://login.microsoftonline.com/")
  String defaultAuthority();

  @WithName("connect-timeout")
  @WithDefault("2s")
  Duration connectTimeout();

  /** One Entra call may take this long; all attempts end within {@code nmi.imds.budget}. */
  @WithName("request-timeout")
  @WithDefault("5s")
  Duration requestTimeout();

  /** A PEM file of extra CAs to trust for the authority (private clouds, tests); else the JVM's. */
  @WithName("trust-pem")
  Optional<String> trustPem();
}
