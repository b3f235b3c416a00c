package dev.podidentity.nmi.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * Federated identities ({@code nmi.federation.*}): type 0 annotated {@code
 * podidentity.k8s.io/federated: "true"}, served by exchanging the pod's service-account token at
 * Entra.
 */
public interface FederationConfig {
  /**
   * Serve federated identities: mint the requesting pod's service-account token (needs {@code
   * create} on {@code serviceaccounts/token}) and exchange it at Entra. Off: they are answered 403.
   */
  @WithDefault("false")
  boolean enabled();

  /** The tenant of federated identities without {@code spec.tenantID}. */
  @WithName("tenant-id")
  Optional<String> tenantId();

  /**
   * The service-account token's lifetime. It is used once, at once, so the shortest Kubernetes
   * allows (10 minutes) is the default.
   */
  @WithName("token-expiration")
  @WithDefault("600s")
  Duration tokenExpiration();
}
