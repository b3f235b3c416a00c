package dev.podidentity.events;

/**
 * A value that is not a valid event: bad JSON, a missing or empty required field, a wrong type.
 * {@link #field()} names the offending field when it is known. Consumers dead-letter the record
 * with {@link #getMessage()} as the reason and go on.
 */
public final class EventParseException extends RuntimeException {
  private final String field;

  public EventParseException(String message, String field, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The JSON path of the offending field, such as {@code identities[0].state}, or null. */
  public String field() {
    return field;
  }
}
