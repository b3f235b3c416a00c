package dev.podidentity.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON configuration of the contract. Unknown fields are ignored (a newer writer never
 * breaks an older reader); a missing required field is an {@link EventParseException} naming it.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

  private EventJson() {}

  /** The shared mapper. Thread-safe; never reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] toBytes(Event event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
    }
  }

  public static String toJson(Event event) {
    return new String(toBytes(event), StandardCharsets.UTF_8);
  }

  public static <T extends Event> T parse(String json, Class<T> type) {
    return parse(json.getBytes(StandardCharsets.UTF_8), type);
  }

  public static <T extends Event> T parse(byte[] bytes, Class<T> type) {
    if (bytes == null || bytes.length == 0) {
      throw new EventParseException("empty value is not a " + type.getSimpleName(), null, null);
    }
    try {
      T value = MAPPER.readValue(bytes, type);
      if (value == null) {
        throw new EventParseException("JSON null is not a " + type.getSimpleName(), null, null);
      }
      return value;
    } catch (ValueInstantiationException e) {
      // A compact constructor refused the value; its message names the field.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String field = join(path(e), quoted(cause.getMessage()));
      throw new EventParseException(
          "invalid " + type.getSimpleName() + ": " + cause.getMessage(), field, e);
    } catch (MismatchedInputException e) {
      String field = join(path(e), missingProperty(e));
      throw new EventParseException(
          "invalid " + type.getSimpleName() + " at '" + field + "': " + e.getOriginalMessage(),
          field,
          e);
    } catch (IOException e) {
      throw new EventParseException(
          "malformed JSON for " + type.getSimpleName() + ": " + e.getMessage(), null, e);
    }
  }

  private static String missingProperty(MismatchedInputException e) {
    String msg = e.getOriginalMessage();
    return msg != null && msg.startsWith("Missing required creator property") ? quoted(msg) : null;
  }

  private static String quoted(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = QUOTED.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String join(String path, String leaf) {
    if (leaf == null || path.endsWith(leaf)) {
      return path.isEmpty() ? null : path;
    }
    return path.isEmpty() ? leaf : path + "." + leaf;
  }
}
