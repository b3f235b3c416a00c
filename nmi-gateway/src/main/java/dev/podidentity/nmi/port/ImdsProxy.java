package dev.podidentity.nmi.port;

import dev.podidentity.nmi.core.UpstreamCall;
import io.smallrye.mutiny.Uni;

/**
 * Forwards a GET to IMDS unchanged: pods matching an AzurePodIdentityException, and the non-token
 * IMDS paths such as {@code /metadata/instance}.
 */
public interface ImdsProxy {
  /** The upstream's answer to {@code GET pathAndQuery} with {@code Metadata: true}. */
  Uni<Answer> forward(String pathAndQuery, long deadlineMillis);

  /**
   * An upstream answer, passed on as it came; {@code upstream} the call's time, null if unknown.
   */
  record Answer(int status, String contentType, byte[] body, UpstreamCall upstream) {
    public Answer(int status, String contentType, byte[] body) {
      this(status, contentType, body, null);
    }
  }
}
