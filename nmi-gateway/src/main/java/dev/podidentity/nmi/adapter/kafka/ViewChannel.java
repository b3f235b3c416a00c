package dev.podidentity.nmi.adapter.kafka;

import dev.podidentity.events.messaging.Rejection;
import dev.podidentity.nmi.NmiService;
import dev.podidentity.nmi.port.FeedControl.In;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
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
  private static final String SERVICE = "nmi-gateway";

  @Inject NmiService service;

  @Incoming(CHANNEL)
  @Blocking
  public CompletionStage<Void> onBatch(KafkaRecordBatch<String, byte[]> batch) {
    List<In> records = new ArrayList<>(batch.getRecords().size());
    for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
      @SuppressWarnings("unchecked")
      IncomingKafkaRecord<String, byte[]> r = record.unwrap(IncomingKafkaRecord.class);
      records.add(
          new In(
              r.getTopic(),
              r.getPartition(),
              r.getOffset(),
              r.getKey(),
              r.getPayload(),
              reason -> Rejection.reject(r, SERVICE, reason)));
    }
    return service
        .node()
        .feed()
        .onRecords(records)
        .subscribeAsCompletionStage()
        .thenCompose(done -> batch.ack());
  }
}
