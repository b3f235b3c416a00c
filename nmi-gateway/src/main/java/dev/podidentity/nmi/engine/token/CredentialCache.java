package dev.podidentity.nmi.engine.token;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.SecretRef;
import dev.podidentity.nmi.core.CredentialException;
import dev.podidentity.nmi.core.ServicePrincipalCredential;
import dev.podidentity.nmi.port.SecretReader;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Service principals' credentials, read from their Secrets on demand and kept for {@code ttl}: a
 * rotated secret is picked up within that time, and a burst of token refreshes reads the Secret
 * once. Concurrent misses share one read; failures (missing Secret, missing key, API down) are not
 * kept, so a Secret created after a refusal works on the next request.
 */
public final class CredentialCache {
  private static final int MAX_ENTRIES = 10_000;

  private final SecretReader reader;
  private final AsyncCache<String, ServicePrincipalCredential> entries;

  public CredentialCache(SecretReader reader, long ttlMillis, LongSupplier clockMillis) {
    this.reader = reader;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(Duration.ofMillis(ttlMillis))
            .ticker(() -> clockMillis.getAsLong() * 1_000_000L)
            .executor(Runnable::run) // upkeep on the caller's thread: no common-pool tasks
            .buildAsync();
  }

  /**
   * The credential of a service-principal identity. Fails with a non-retriable {@link
   * UpstreamException} (403) when the identity names no Secret or the Secret cannot be used.
   */
  public Future<ServicePrincipalCredential> get(IdentityRecord identity) {
    SecretRef ref = identity.clientPassword();
    if (ref == null) {
      return Future.failedFuture(
          new UpstreamException(
              403,
              false,
              "AzureIdentity "
                  + identity.namespace()
                  + "/"
                  + identity.name()
                  + " has no clientPassword Secret",
              null));
    }
    String secretName = ref.namespace() + "/" + ref.name();
    String key = identity.type().code() + "|" + secretName;
    return Future.fromCompletionStage(
        entries.get(
            key, (k, executor) -> read(identity, ref, secretName).subscribeAsCompletionStage()));
  }

  private Uni<ServicePrincipalCredential> read(
      IdentityRecord identity, SecretRef ref, String secretName) {
    return reader
        .read(ref.namespace(), ref.name())
        .map(data -> ServicePrincipalCredential.from(identity.type(), data, secretName))
        .onFailure(CredentialException.class)
        .transform(c -> new UpstreamException(403, false, c.getMessage(), null));
  }
}
