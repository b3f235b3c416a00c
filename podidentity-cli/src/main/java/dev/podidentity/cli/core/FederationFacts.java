package dev.podidentity.cli.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the cluster and ARM say about the federation of a pod's federated identities, read by the
 * command for {@link Explanation}: the cluster's service-account issuer and each identity's
 * federated credentials.
 *
 * @param issuer the cluster's service-account issuer; null when it could not be read
 * @param issuerUnknown why the issuer could not be read; null when it was
 * @param credentials each federated identity's credentials, by resource id (any case)
 */
public record FederationFacts(
    String issuer, String issuerUnknown, Map<String, Credentials> credentials) {

  /** Nothing read: the pod has no federated identity, or no one asked. */
  public static final FederationFacts NOT_READ = new FederationFacts(null, "not read", Map.of());

  /** An identity's federated credentials, or why ARM could not say. */
  public record Credentials(List<FederatedCredential> list, String unreadable) {
    public static Credentials of(List<FederatedCredential> list) {
      return new Credentials(List.copyOf(list), null);
    }

    public static Credentials unreadable(String why) {
      return new Credentials(List.of(), why);
    }
  }

  public FederationFacts {
    credentials =
        credentials.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(e -> key(e.getKey()), Map.Entry::getValue));
  }

  /** The identity's credentials, if they were read or tried. */
  public Optional<Credentials> of(String resourceId) {
    return resourceId == null
        ? Optional.empty()
        : Optional.ofNullable(credentials.get(key(resourceId)));
  }

  private static String key(String resourceId) {
    return resourceId.toLowerCase(Locale.ROOT);
  }
}
