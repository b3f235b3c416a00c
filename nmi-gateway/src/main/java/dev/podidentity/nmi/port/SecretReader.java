package dev.podidentity.nmi.port;

import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * Reads a Kubernetes Secret's data (decoded) for a service principal's credential. Fails with
 * {@link UpstreamException}: non-retriable 403 when the Secret does not exist or may not be read,
 * retriable when the API cannot answer.
 */
public interface SecretReader {
  Uni<Map<String, byte[]>> read(String namespace, String name);
}
