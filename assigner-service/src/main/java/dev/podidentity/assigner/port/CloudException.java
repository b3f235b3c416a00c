package dev.podidentity.assigner.port;

import dev.podidentity.assigner.core.CloudFailure;
import java.time.Duration;
import java.util.Map;

/** A cloud call that failed, classified ({@link CloudFailure}) for the retry policy. */
public final class CloudException extends RuntimeException {
  private final CloudFailure kind;
  private final Duration retryAfter;
  private final Map<String, String> rejected;

  public CloudException(
      CloudFailure kind,
      String message,
      Duration retryAfter,
      Map<String, String> rejected,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.rejected = rejected == null ? Map.of() : Map.copyOf(rejected);
  }

  public static CloudException of(CloudFailure kind, String message) {
    return new CloudException(kind, message, null, null, null);
  }

  public CloudFailure kind() {
    return kind;
  }

  /** For THROTTLED: how long the cloud asked us to wait; null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** For IDENTITY_REJECTED: lowercase resource id to the cloud's reason. */
  public Map<String, String> rejected() {
    return rejected;
  }
}
