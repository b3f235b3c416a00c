package dev.podidentity.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads an ISO-8601 instant ({@code 2026-12-06T12:00:30Z}). The contract's mapper has no java.time
 * module on purpose (one configuration for every service); the one instant on the wire is read
 * here, and a malformed one is a parse error naming its field like any other.
 */
final class InstantText extends StdDeserializer<Instant> {
  InstantText() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
    }
    String text = p.getText().strip();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ctxt.weirdStringException(text, Instant.class, "not an ISO-8601 instant");
    }
  }
}
