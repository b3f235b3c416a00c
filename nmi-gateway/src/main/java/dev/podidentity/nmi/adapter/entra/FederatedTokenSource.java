package dev.podidentity.nmi.adapter.entra;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.CredentialException;
import dev.podidentity.nmi.core.EntraRequest;
import dev.podidentity.nmi.core.ServicePrincipalCredential;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.port.ServiceAccountTokens;
import dev.podidentity.nmi.port.TokenSource;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.net.URI;

/**
 * Federated identities' tokens (workload identity federation): a short-lived token of the
 * requesting pod's service account, bound to the pod, for audience {@value #AUDIENCE}, exchanged at
 * Entra with the client-credentials grant as the client assertion for the identity's client id.
 * Entra accepts it only if the identity has a federated credential for this cluster's issuer and
 * {@code system:serviceaccount:<namespace>:<account>}; its refusal is passed on with its reason.
 * The tenant is the identity's {@code tenantID}, else this NMI's configured one.
 */
public final class FederatedTokenSource implements TokenSource {
  /** The audience Entra expects in a federated assertion. */
  public static final String AUDIENCE = "api://AzureADTokenExchange";

  /** Entra's client-credentials exchange: {@link EntraTokenSource#exchange}. */
  @FunctionalInterface
  public interface Exchange {
    Future<Token> exchange(
        URI url,
        String clientId,
        String resource,
        ServicePrincipalCredential credential,
        long deadlineMillis);
  }

  private final ServiceAccountTokens accounts;
  private final Exchange entra;
  private final URI authority;
  private final String defaultTenant;
  private final long tokenSeconds;

  /**
   * @param defaultTenant the tenant of identities without {@code tenantID}; null: they are refused
   * @param tokenSeconds the service-account token's lifetime; Kubernetes' minimum is 600
   */
  public FederatedTokenSource(
      ServiceAccountTokens accounts,
      Exchange entra,
      URI authority,
      String defaultTenant,
      long tokenSeconds) {
    this.accounts = accounts;
    this.entra = entra;
    this.authority = authority;
    this.defaultTenant = defaultTenant;
    this.tokenSeconds = tokenSeconds;
  }

  /** Without the pod there is no service account to prove the identity with. */
  @Override
  public Uni<Token> fetch(BoundIdentity identity, String resource, long deadlineMillis) {
    return Uni.createFrom()
        .failure(
            new UpstreamException(
                403, false, "a federated identity's token needs the requesting pod", null));
  }

  @Override
  public Uni<Token> fetch(
      BoundIdentity identity, PodRecord pod, String resource, long deadlineMillis) {
    if (pod == null) {
      return fetch(identity, resource, deadlineMillis);
    }
    URI url;
    try {
      url = EntraRequest.tokenUrl(identity.identity(), tenantOf(identity), authority);
    } catch (CredentialException e) {
      return Uni.createFrom()
          .failure(
              new UpstreamException(
                  403,
                  false,
                  e.getMessage()
                      + " (a federated identity without one uses nmi.federation.tenant-id)",
                  null));
    }
    long started = System.nanoTime();
    // The service-account token's TokenRequest is upstream time too, before Entra's.
    return accounts
        .token(pod, AUDIENCE, tokenSeconds)
        .chain(
            assertion ->
                Uni.createFrom()
                    .completionStage(
                        () ->
                            entra
                                .exchange(
                                    url,
                                    identity.clientId(),
                                    resource,
                                    new ServicePrincipalCredential.Assertion(assertion),
                                    deadlineMillis)
                                .map(t -> upstreamFrom(t, started))
                                .toCompletionStage()));
  }

  private static Token upstreamFrom(Token token, long startedNanos) {
    return token.upstream() == null ? token : token.fetchedBy(token.upstream().from(startedNanos));
  }

  private String tenantOf(BoundIdentity identity) {
    String own = identity.identity().tenantId();
    return own != null && !own.isBlank() ? own : defaultTenant;
  }
}
