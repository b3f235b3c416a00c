package dev.podidentity.events.messaging;

import dev.podidentity.events.Event;
import dev.podidentity.events.kafka.CloudEventHeaders;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Builds every record a service sends to a topic of the contract, for the Kafka connector of
 * Reactive Messaging: the topic and key as Kafka metadata, and the CloudEvents attributes, which
 * the connector writes in binary mode as {@code ce_*} headers. A tombstone (null value) is a
 * CloudEvent too: type {@link CloudEventHeaders#DELETED_TYPE}, no data, no content type, the
 * deleted key as subject, so a CloudEvents reader sees deletions as events.
 */
public final class OutgoingEvents {
  private static final String JSON = "application/json";

  private OutgoingEvents() {}

  /** A record of {@code value} (null: a tombstone) under {@code key} on {@code topic}. */
  public static Message<Record<String, Event>> message(
      String topic, String key, Event value, URI source) {
    var ce =
        OutgoingCloudEventMetadata.builder()
            .withId(UUID.randomUUID().toString())
            .withSource(source)
            .withType(value == null ? CloudEventHeaders.DELETED_TYPE : value.cloudEventType())
            .withSubject(key)
            .withTimestamp(ZonedDateTime.now());
    if (value != null) {
      ce.withDataContentType(JSON);
    }
    var kafka = OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build();
    return Message.of(Record.of(key, value), Metadata.of(kafka, ce.build()));
  }

  /** The CloudEvents source of a service instance: {@code <service>/<instance>}. */
  public static URI source(String service, String instance) {
    return URI.create(service + "/" + instance);
  }
}
