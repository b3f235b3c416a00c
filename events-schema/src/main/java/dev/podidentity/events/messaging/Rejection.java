package dev.podidentity.events.messaging;

import dev.podidentity.events.kafka.DeadLetters;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Gives up on an incoming record that cannot be handled: the message is nacked with the reason, and
 * the channel's dead-letter-queue failure strategy writes it to the dead-letter topic with the
 * reason and the rejecting service in its headers. The stream goes on with the next record.
 */
public final class Rejection {
  private Rejection() {}

  /** Nacks {@code message} with {@code reason}, naming {@code service} in the dead letter. */
  public static void reject(Message<?> message, String service, Exception reason) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetters.SERVICE, service.getBytes(StandardCharsets.UTF_8));
    var outgoing = OutgoingKafkaRecordMetadata.<Object>builder().withHeaders(headers).build();
    message.nack(reason, Metadata.of(outgoing));
  }
}
