package dev.podidentity.nmi.adapter.kafka;

import dev.podidentity.events.Keys;
import dev.podidentity.events.Topics;
import dev.podidentity.events.messaging.Inputs;
import dev.podidentity.nmi.NmiService;
import dev.podidentity.nmi.adapter.otel.FirstGrantTraces;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@value #CHANNEL} channel: the records of this node's view, one poll's batch at a time,
 * handed to the view feed off the event loops (they also serve tokens). A record the feed cannot
 * read is nacked and the channel's dead-letter-queue strategy writes it to the dead-letter topic.
 */
@ApplicationScoped
public class ViewChannel {
  public static final String CHANNEL = "node-view";

  @Inject NmiService service;
  @Inject FirstGrantTraces grants;

  @Incoming(CHANNEL)
  @Blocking
  public CompletionStage<Void> onBatch(KafkaRecordBatch<String, byte[]> batch) {
    for (KafkaRecord<String, byte[]> r : batch.getRecords()) {
      if (Topics.ASSIGNMENTS.equals(r.getTopic()) && r.getKey() != null) {
        // The connector's consumer span for the record, a child of the assigner's PATCH span.
        grants.assignment(
            Keys.podUidOf(r.getKey()),
            TracingMetadata.fromMessage(r).map(TracingMetadata::getCurrentContext).orElse(null),
            r.getPayload() == null);
      }
    }
    return service
        .node()
        .feed()
        .onRecords(Inputs.of(batch, "nmi-gateway"))
        .subscribeAsCompletionStage()
        .thenCompose(done -> batch.ack());
  }
}
