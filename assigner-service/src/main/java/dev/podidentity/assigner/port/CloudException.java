package dev.podidentity.assigner.port;

import java.time.Duration;
import java.util.Map;

/** A cloud call that failed, classified for the retry policy. */
public final class CloudException extends RuntimeException {
  /** What went wrong, and so what to do. */
  public enum Kind {
    /** 429: wait {@link #retryAfter()} for this target only. Nothing was applied. */
    THROTTLED,
    /** 409: another operation runs on the target. Nothing was applied; back off. */
    CONFLICT,
    /**
     * Some identities were refused ({@code FailedIdentityOperation}, {@code
     * LinkedAuthorizationFailed}, not found): quarantine exactly those. Nothing was applied.
     */
    IDENTITY_REJECTED,
    /** The target itself does not exist (any more). */
    TARGET_NOT_FOUND,
    /** 5xx, timeouts, connection errors: the outcome is unknown; read before acting again. */
    TRANSIENT
  }

  private final Kind kind;
  private final Duration retryAfter;
  private final Map<String, String> rejected;

  public CloudException(
      Kind kind,
      String message,
      Duration retryAfter,
      Map<String, String> rejected,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.rejected = rejected == null ? Map.of() : Map.copyOf(rejected);
  }

  public static CloudException of(Kind kind, String message) {
    return new CloudException(kind, message, null, null, null);
  }

  public Kind kind() {
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
