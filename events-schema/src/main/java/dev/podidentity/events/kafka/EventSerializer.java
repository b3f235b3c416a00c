package dev.podidentity.events.kafka;

import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any event as contract JSON; null stays null (a tombstone). A pod's record also gets its
 * {@link NodeHeader}: the serializer is the one step every producer of the contract shares (the
 * services' channels, tools, tests), so none can leave it out.
 */
public class EventSerializer implements Serializer<Event> {
  @Override
  public byte[] serialize(String topic, Event data) {
    return data == null ? null : EventJson.toBytes(data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Event data) {
    if (headers != null) {
      NodeHeader.add(headers, data);
    }
    return serialize(topic, data);
  }
}
