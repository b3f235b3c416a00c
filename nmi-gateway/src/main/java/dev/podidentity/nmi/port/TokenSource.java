package dev.podidentity.nmi.port;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import io.smallrye.mutiny.Uni;

/**
 * Where tokens come from: IMDS for managed identities, Entra for service principals and federated
 * identities. Fails with {@link UpstreamException} when the upstream refuses or cannot answer
 * before {@code deadlineMillis} (epoch ms), retries included.
 */
public interface TokenSource {
  Uni<Token> fetch(BoundIdentity identity, String resource, long deadlineMillis);

  /**
   * A token for {@code pod}'s request. Only a federated identity's token depends on the pod (its
   * service account proves it), so every other source answers as without the pod.
   */
  default Uni<Token> fetch(
      BoundIdentity identity, PodRecord pod, String resource, long deadlineMillis) {
    return fetch(identity, resource, deadlineMillis);
  }
}
