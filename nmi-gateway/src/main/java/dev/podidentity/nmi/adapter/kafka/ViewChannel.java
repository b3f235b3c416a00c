package dev.podidentity.nmi.adapter.kafka;

import dev.podidentity.events.Keys;
import dev.podidentity.events.Topics;
import dev.podidentity.events.messaging.Inputs;
import dev.podidentity.nmi.engine.NmiNode;
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

  @Inject NmiNode node;
  @Inject FirstGrantTraces grants;

  @Incoming(CHANNEL)
  @Blocking
  public CompletionStage<Void> onBatch(KafkaRecordBatch<String, byte[]> batch) {
    return node.feed()
        .onRecords(Inputs.of(batch, "nmi-gateway"))
        .invoke(() -> traceAssignments(batch))
        .subscribeAsCompletionStage()
        .thenCompose(done -> batch.ack());
  }

  /**
   * Keeps the context each of this node's assignment records came with (the connector's consumer
   * span, a child of the assigner's PATCH span) for the pod's first grant. Asked after the batch is
   * applied, so the feed's state says which pods are this node's (the partition also holds other
   * nodes'); the published view would not during a replay, which publishes only its end.
   */
  private void traceAssignments(KafkaRecordBatch<String, byte[]> batch) {
    for (KafkaRecord<String, byte[]> r : batch.getRecords()) {
      if (!Topics.ASSIGNMENTS.equals(r.getTopic()) || r.getKey() == null) {
        continue;
      }
      String uid = Keys.podUidOf(r.getKey());
      boolean mine = node.feed().assigned(uid);
      grants.assignment(
          uid,
          TracingMetadata.fromMessage(r).map(TracingMetadata::getCurrentContext).orElse(null),
          r.getPayload() == null || !mine);
    }
  }
}
