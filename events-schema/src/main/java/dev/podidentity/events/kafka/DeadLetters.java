package dev.podidentity.events.kafka;

import dev.podidentity.events.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record that could not be handled goes to the dead-letter topic unchanged (same key and bytes),
 * with where it came from and why in headers; the consumer then moves on.
 */
public final class DeadLetters {
  public static final String REASON = "podidentity-dlq-reason";
  public static final String TOPIC = "podidentity-dlq-topic";
  public static final String PARTITION = "podidentity-dlq-partition";
  public static final String OFFSET = "podidentity-dlq-offset";
  public static final String SERVICE = "podidentity-dlq-service";

  private DeadLetters() {}

  public static ProducerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> original, String reason, String service) {
    Headers headers = new RecordHeaders(original.headers().toArray());
    put(headers, REASON, reason);
    put(headers, TOPIC, original.topic());
    put(headers, PARTITION, Integer.toString(original.partition()));
    put(headers, OFFSET, Long.toString(original.offset()));
    put(headers, SERVICE, service);
    return new ProducerRecord<>(Topics.DEADLETTER, null, original.key(), original.value(), headers);
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }
}
