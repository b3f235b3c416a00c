package dev.podidentity.events.kafka;

import dev.podidentity.events.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents metadata in the Kafka binary binding ({@code ce_*} headers), so tools that speak
 * CloudEvents can read the stream without knowing the contract. Tombstones carry them too. The
 * services' records get them from the Reactive Messaging connector ({@code OutgoingEvents}); {@link
 * #of} writes the same headers for a plain producer (tests and tools).
 */
public final class CloudEventHeaders {
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String TYPE = "ce_type";
  public static final String SOURCE = "ce_source";
  public static final String ID = "ce_id";
  public static final String TIME = "ce_time";
  public static final String CONTENT_TYPE = "content-type";

  /** Type of a tombstone: the value is null, the key names the object that is gone. */
  public static final String DELETED_TYPE = "dev.podidentity.deleted.v1";

  private CloudEventHeaders() {}

  /** Headers for {@code event} (or a tombstone when null), sent by {@code source}. */
  public static Headers of(Event event, String source, Instant time) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, SPEC_VERSION, "1.0");
    add(headers, TYPE, event == null ? DELETED_TYPE : event.cloudEventType());
    add(headers, SOURCE, source);
    add(headers, ID, UUID.randomUUID().toString());
    add(headers, TIME, time.toString());
    if (event != null) {
      add(headers, CONTENT_TYPE, "application/json");
    }
    return headers;
  }

  public static String get(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
