package dev.podidentity.nmi.port;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Forwards a GET to IMDS unchanged: pods matching an AzurePodIdentityException, and the non-token
 * IMDS paths such as {@code /metadata/instance}.
 */
public interface ImdsProxy {
  /** The upstream's answer to {@code GET pathAndQuery} with {@code Metadata: true}. */
  Future<Answer> forward(String pathAndQuery, long deadlineMillis);

  /** An upstream answer, passed on as it came. */
  record Answer(int status, String contentType, Buffer body) {}
}
