package dev.podidentity.nmi.port;

import dev.podidentity.events.PodRecord;
import io.smallrye.mutiny.Uni;

/**
 * Short-lived tokens of a pod's service account, bound to that pod (Kubernetes' TokenRequest API):
 * the client assertion of a federated identity. Fails with {@link UpstreamException}: non-retriable
 * 403 when the API refuses (no such pod or account, the pod's uid changed, the NMI may not create
 * tokens), retriable when it cannot answer.
 */
public interface ServiceAccountTokens {
  /** A token of {@code pod}'s service account for {@code audience}, bound to the pod by uid. */
  Uni<String> token(PodRecord pod, String audience, long expirationSeconds);
}
