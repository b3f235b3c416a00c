package dev.podidentity.nmi.token;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.SecretRef;
import dev.podidentity.nmi.core.CredentialException;
import dev.podidentity.nmi.core.ServicePrincipalCredential;
import dev.podidentity.nmi.port.SecretReader;
import dev.podidentity.nmi.port.UpstreamException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Service principals' credentials, read from their Secrets on demand and kept for {@code ttl}: a
 * rotated secret is picked up within that time, and a burst of token refreshes reads the Secret
 * once. Concurrent misses share one read; failures (missing Secret, missing key, API down) are not
 * kept, so a Secret created after a refusal works on the next request.
 */
public final class CredentialCache {
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(ServicePrincipalCredential credential, long expiresAtMillis) {}

  private final SecretReader reader;
  private final long ttlMillis;
  private final LongSupplier clockMillis;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Future<ServicePrincipalCredential>> inFlight =
      new ConcurrentHashMap<>();

  public CredentialCache(SecretReader reader, long ttlMillis, LongSupplier clockMillis) {
    this.reader = reader;
    this.ttlMillis = ttlMillis;
    this.clockMillis = clockMillis;
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
    long now = clockMillis.getAsLong();
    Entry e = entries.get(key);
    if (e != null && e.expiresAtMillis() > now) {
      return Future.succeededFuture(e.credential());
    }
    Promise<ServicePrincipalCredential> mine = Promise.promise();
    Future<ServicePrincipalCredential> shared = inFlight.putIfAbsent(key, mine.future());
    if (shared != null) {
      return shared;
    }
    reader
        .read(ref.namespace(), ref.name())
        .map(data -> ServicePrincipalCredential.from(identity.type(), data, secretName))
        .recover(
            err ->
                Future.failedFuture(
                    err instanceof CredentialException c
                        ? new UpstreamException(403, false, c.getMessage(), null)
                        : err))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                if (entries.size() >= MAX_ENTRIES) {
                  entries.clear(); // Secrets are re-read on demand; a bound, not an LRU
                }
                entries.put(key, new Entry(ar.result(), clockMillis.getAsLong() + ttlMillis));
              }
              inFlight.remove(key);
              mine.handle(ar);
            });
    return mine.future();
  }
}
