package dev.podidentity.azuresim.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fault to inject, as the admin API and {@code SimulatorAdminClient} send it.
 *
 * @param kind what happens to a matching request
 * @param area {@code arm} (compute API, the default) or {@code imds}
 * @param target a scale set, VM (for IMDS: VM instance) name; null or {@code *} for all
 * @param operation {@code GET}, {@code PATCH} or {@code PUT}; null for any
 * @param count how many matching requests it affects; 0 or less means until cleared
 * @param latencyMs extra delay for {@link Kind#LATENCY}; for {@link Kind#HANG} how long a request
 *     is held (null or 0: until the faults are cleared)
 * @param status HTTP status for {@link Kind#ERROR} (default 500); for {@link Kind#HANG} the answer
 *     when the hold ends (null: the request's stream is reset, as a dropped connection)
 * @param identityId the identity id for {@link Kind#LINKED_AUTHORIZATION_FAILED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Fault(
    Kind kind,
    String area,
    String target,
    String operation,
    Integer count,
    Long latencyMs,
    Integer status,
    String identityId) {

  /** Kinds of fault. */
  public enum Kind {
    /** Delay the answer by {@code latencyMs}. */
    LATENCY,
    /** Answer with a 5xx ({@code status}) in ARM's shape. */
    ERROR,
    /**
     * Hold the request without an answer until the hang ends ({@code latencyMs} after it was
     * injected, or when the faults are cleared), then reset it or answer {@code status}: a client's
     * timeout shorter than the hold must fire.
     */
    HANG,
    /** Answer a write with 409 as if another operation were running. */
    CONFLICT,
    /** Answer with 429 as if the budget were spent. */
    THROTTLE,
    /** Refuse adding {@code identityId} with 403 LinkedAuthorizationFailed. */
    LINKED_AUTHORIZATION_FAILED
  }

  public static Fault of(Kind kind, String target, int count) {
    return new Fault(kind, "arm", target, null, count, null, null, null);
  }

  public static Fault latency(String area, String target, long millis) {
    return new Fault(Kind.LATENCY, area, target, null, 0, millis, null, null);
  }

  /**
   * A HANG of at most {@code count} requests to {@code target} during the next {@code durationMs},
   * each held until then and reset.
   */
  public static Fault hang(String area, String target, int count, long durationMs) {
    return new Fault(Kind.HANG, area, target, null, count, durationMs, null, null);
  }

  public static Fault error(String target, int status, int count) {
    return new Fault(Kind.ERROR, "arm", target, null, count, null, status, null);
  }

  public static Fault linkedAuthorizationFailed(String identityId) {
    return new Fault(
        Kind.LINKED_AUTHORIZATION_FAILED, "arm", null, null, 0, null, null, identityId);
  }

  public Fault withOperation(String op) {
    return new Fault(kind, area, target, op, count, latencyMs, status, identityId);
  }

  public Fault withArea(String a) {
    return new Fault(kind, a, target, operation, count, latencyMs, status, identityId);
  }
}
