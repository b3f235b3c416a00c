package dev.podidentity.nmi.engine.token;

import dev.podidentity.events.IdentityType;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.port.TokenSource;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;

/**
 * Sends each identity to where its tokens come from: managed identities (type 0) to IMDS, service
 * principals (types 1 and 2) to Entra when this NMI serves them ({@code servicePrincipals}
 * non-null), otherwise a 403 saying they are disabled.
 */
public final class ByTypeTokenSource implements TokenSource {
  private final TokenSource managed;
  private final TokenSource servicePrincipals;

  /** {@code servicePrincipals} null: service principals are disabled on this NMI. */
  public ByTypeTokenSource(TokenSource managed, TokenSource servicePrincipals) {
    this.managed = managed;
    this.servicePrincipals = servicePrincipals;
  }

  @Override
  public Uni<Token> fetch(BoundIdentity identity, String resource, long deadlineMillis) {
    IdentityType type = identity.type();
    if (type == IdentityType.USER_ASSIGNED_MSI) {
      return managed.fetch(identity, resource, deadlineMillis);
    }
    if (type == IdentityType.SERVICE_PRINCIPAL
        || type == IdentityType.SERVICE_PRINCIPAL_CERTIFICATE) {
      if (servicePrincipals == null) {
        return Uni.createFrom()
            .failure(
                new UpstreamException(
                    403,
                    false,
                    "service-principal identities are disabled on this NMI"
                        + " (nmi.service-principals.enabled=false)",
                    null));
      }
      return servicePrincipals.fetch(identity, resource, deadlineMillis);
    }
    return Uni.createFrom()
        .failure(
            new UpstreamException(403, false, "identity type " + type + " is not served", null));
  }
}
