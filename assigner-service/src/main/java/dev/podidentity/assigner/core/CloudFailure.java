package dev.podidentity.assigner.core;

/** What went wrong in a cloud call, and so what to do: {@link AfterFailure#decide} says what. */
public enum CloudFailure {
  /** 429: wait as long as the cloud asked, for this target only. Nothing was applied. */
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
