package dev.podidentity.assigner.adapter.kafka;

import dev.podidentity.assigner.engine.InputFeed;
import dev.podidentity.events.Topics;
import dev.podidentity.events.messaging.Inputs;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The assigner's two input channels, one poll's records at a time, handed to its {@code InputFeed}
 * on a worker thread:
 *
 * <ul>
 *   <li>{@value #OWNED}: the pods and assignments topics in the consumer group (the group decides
 *       which targets this replica owns; see {@link OwnedPartitions});
 *   <li>{@value #TABLES}: the config topic, the ledger and the nodes topic, assigned in full to
 *       every replica.
 * </ul>
 *
 * Records that cannot be read are nacked into the channels' dead-letter-queue strategy.
 */
@ApplicationScoped
public class AssignerChannels {
  public static final String OWNED = "assigner-owned";
  public static final String TABLES = "assigner-tables";
  static final String SERVICE = "assigner-service";
  private static final Logger LOG = Logger.getLogger(AssignerChannels.class);

  @Inject InputFeed inputs;
  @Inject KafkaClientService clients;
  @Inject PodTraces traces;

  @Incoming(OWNED)
  @Blocking
  public CompletionStage<Void> owned(KafkaRecordBatch<String, byte[]> batch) {
    for (KafkaRecord<String, byte[]> r : batch.getRecords()) {
      if (Topics.PODS.equals(r.getTopic()) && r.getKey() != null) {
        // The connector's consumer span for the record, a child of the watcher's producer span.
        traces.seen(
            r.getKey(),
            TracingMetadata.fromMessage(r).map(TracingMetadata::getCurrentContext).orElse(null),
            r.getPayload() == null);
      }
    }
    inputs.owned(Inputs.of(batch, SERVICE));
    return batch.ack();
  }

  @Incoming(TABLES)
  @Blocking
  public CompletionStage<Void> tables(KafkaRecordBatch<String, byte[]> batch) {
    inputs.tables(Inputs.of(batch, SERVICE));
    return batch.ack();
  }

  /** Stops fetching {@code partitions} on the owned channel's consumer (between two polls). */
  public void stopReading(Set<TopicPartition> partitions) {
    KafkaConsumer<Object, Object> consumer = clients.getConsumer(OWNED);
    if (consumer == null || partitions.isEmpty()) {
      return;
    }
    consumer
        .runOnPollingThread((Consumer<Object, Object> c) -> pause(c, partitions))
        .subscribe()
        .with(paused -> LOG.debugf("stopped reading back %s", paused), e -> LOG.debug(e));
  }

  /** Pauses those of {@code partitions} the consumer still has. */
  public static Set<TopicPartition> pause(Consumer<?, ?> consumer, Set<TopicPartition> partitions) {
    Set<TopicPartition> owned = new HashSet<>(partitions);
    owned.retainAll(consumer.assignment());
    consumer.pause(owned);
    return owned;
  }
}
