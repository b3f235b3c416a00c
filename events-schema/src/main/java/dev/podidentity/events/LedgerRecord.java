package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The assigner's memory of one target: the identities it added ({@code owned}) and the operation it
 * is about to make or is making ({@code intent}). Only owned identities are ever removed, so
 * identities that were on the target before us survive. Ids are lowercase, sorted and distinct, so
 * two ledgers with the same content are equal.
 *
 * <p>{@code blocked} says, for people, why the target's pending change waits and until when (ARM
 * throttled it, a backoff after a failure, or the assigner's own budget). It is no part of
 * ownership: absent when nothing waits, and absent in records written before it existed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) ComputeTarget target,
    List<String> owned,
    Intent intent,
    Blocked blocked)
    implements Event {

  /** A ledger with nothing waiting: ownership and the intent in flight only. */
  public LedgerRecord(int schemaVersion, ComputeTarget target, List<String> owned, Intent intent) {
    this(schemaVersion, target, owned, intent, null);
  }

  /**
   * An identity PATCH written before it is sent: on restart, an intent without a result means the
   * outcome is unknown and the cloud must be read before anything is removed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Intent(
      @JsonProperty(required = true) String operationId, List<String> add, List<String> remove) {
    public Intent {
      Require.text(operationId, "operationId");
      add = normalise(add);
      remove = normalise(remove);
    }
  }

  /** Why the target's next PATCH waits: what holds it back. */
  public enum Cause {
    /** ARM answered 429: the wait is its Retry-After. */
    THROTTLED,
    /** A failure (a conflict, a vanished target, an unknown outcome): an exponential backoff. */
    BACKOFF,
    /** The assigner's own PATCH budget (per target or per subscription) has no token yet. */
    BUDGET,
    /** A cause a newer writer added. */
    @JsonEnumDefaultValue
    OTHER
  }

  /**
   * The target's pending change waits until {@code until} (the wall-clock instant of the next
   * attempt, ISO-8601 on the wire) because of {@code cause}; {@code reason} says it for people
   * ({@code ARM 429, Retry-After 30s}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Blocked(
      @JsonProperty(required = true)
          @JsonSerialize(using = ToStringSerializer.class)
          @JsonDeserialize(using = InstantText.class)
          Instant until,
      @JsonProperty(required = true) Cause cause,
      String reason) {
    public Blocked {
      Require.present(until, "until");
      Require.present(cause, "cause");
      reason = reason == null || reason.isBlank() ? null : reason;
    }
  }

  public LedgerRecord {
    Require.version(schemaVersion);
    Require.present(target, "target");
    owned = normalise(owned);
  }

  /** The same ownership and intent with {@code blocked} (null: nothing waits). */
  public LedgerRecord withBlocked(Blocked blocked) {
    return new LedgerRecord(schemaVersion, target, owned, intent, blocked);
  }

  static List<String> normalise(List<String> ids) {
    if (ids == null) {
      return List.of();
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String id : ids) {
      sorted.add(Require.text(id, "identity id").toLowerCase(Locale.ROOT));
    }
    return List.copyOf(sorted);
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.ledger.v1";
  }
}
