package dev.podidentity.events.kafka;

import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any event as contract JSON; null stays null (a tombstone). */
public class EventSerializer implements Serializer<Event> {
  @Override
  public byte[] serialize(String topic, Event data) {
    return data == null ? null : EventJson.toBytes(data);
  }
}
