package dev.podidentity.nmi.port;

/**
 * The upstream (IMDS, or Entra for service principals) did not give a token. {@code retriable}: it
 * was throttled or failing until the request's budget ran out (answer 503 + Retry-After); otherwise
 * it refused and {@code status} with {@code body} is passed on.
 */
public final class UpstreamException extends RuntimeException {
  private final int status;
  private final boolean retriable;
  private final String body;

  public UpstreamException(int status, boolean retriable, String message, String body) {
    super(message, null, false, false);
    this.status = status;
    this.retriable = retriable;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public boolean retriable() {
    return retriable;
  }

  /** The upstream's own error body (JSON) when it refused, or null. */
  public String body() {
    return body;
  }
}
