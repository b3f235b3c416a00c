package dev.podidentity.nmi.engine.token;

import dev.podidentity.events.IdentityType;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.port.TokenSource;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;

/**
 * Sends each identity to where its tokens come from: managed identities (type 0) to IMDS, service
 * principals (types 1 and 2) to Entra when this NMI serves them ({@code servicePrincipals}
 * non-null), federated identities (type 0 annotated federated) to Entra with the requesting pod's
 * service-account token when this NMI serves them ({@code federated} non-null); otherwise a 403
 * saying they are disabled. A federated identity never goes to IMDS: the node's VM does not hold
 * it, and if it did the pod would get a token its service account was never trusted for.
 */
public final class ByTypeTokenSource implements TokenSource {
  private final TokenSource managed;
  private final TokenSource servicePrincipals;
  private final TokenSource federated;

  /** Federated identities disabled; {@code servicePrincipals} null: those too. */
  public ByTypeTokenSource(TokenSource managed, TokenSource servicePrincipals) {
    this(managed, servicePrincipals, null);
  }

  /** A null source: that kind of identity is disabled on this NMI. */
  public ByTypeTokenSource(
      TokenSource managed, TokenSource servicePrincipals, TokenSource federated) {
    this.managed = managed;
    this.servicePrincipals = servicePrincipals;
    this.federated = federated;
  }

  @Override
  public Uni<Token> fetch(BoundIdentity identity, String resource, long deadlineMillis) {
    return fetch(identity, null, resource, deadlineMillis);
  }

  @Override
  public Uni<Token> fetch(
      BoundIdentity identity, PodRecord pod, String resource, long deadlineMillis) {
    IdentityType type = identity.type();
    if (identity.identity().federated()) {
      return federated == null
          ? disabled("federated identities", "nmi.federation.enabled")
          : federated.fetch(identity, pod, resource, deadlineMillis);
    }
    if (type == IdentityType.USER_ASSIGNED_MSI) {
      return managed.fetch(identity, resource, deadlineMillis);
    }
    if (type == IdentityType.SERVICE_PRINCIPAL
        || type == IdentityType.SERVICE_PRINCIPAL_CERTIFICATE) {
      return servicePrincipals == null
          ? disabled("service-principal identities", "nmi.service-principals.enabled")
          : servicePrincipals.fetch(identity, resource, deadlineMillis);
    }
    return Uni.createFrom()
        .failure(
            new UpstreamException(403, false, "identity type " + type + " is not served", null));
  }

  private static Uni<Token> disabled(String what, String key) {
    return Uni.createFrom()
        .failure(
            new UpstreamException(
                403, false, what + " are disabled on this NMI (" + key + "=false)", null));
  }
}
