package dev.podidentity.nmi.port;

import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import io.smallrye.mutiny.Uni;

/**
 * Where tokens come from: IMDS for managed identities. Fails with {@link UpstreamException} when
 * the upstream refuses or cannot answer before {@code deadlineMillis} (epoch ms), retries included.
 */
public interface TokenSource {
  Uni<Token> fetch(BoundIdentity identity, String resource, long deadlineMillis);
}
