package dev.podidentity.events.messaging;

import dev.podidentity.events.kafka.InputRecord;
import dev.podidentity.events.kafka.NodeHeader;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one poll, as a batch channel of the Kafka connector delivers them, in the form the
 * services' readers take: each knows where it was read and how to be rejected (nacked with the
 * reason, which the channel's dead-letter-queue strategy writes to the dead-letter topic, naming
 * {@code service}).
 */
public final class Inputs {
  private Inputs() {}

  public static List<InputRecord> of(KafkaRecordBatch<String, byte[]> batch, String service) {
    List<InputRecord> records = new ArrayList<>(batch.getRecords().size());
    for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
      @SuppressWarnings("unchecked")
      IncomingKafkaRecord<String, byte[]> r = record.unwrap(IncomingKafkaRecord.class);
      records.add(
          new InputRecord(
              r.getTopic(),
              r.getPartition(),
              r.getOffset(),
              r.getKey(),
              r.getPayload(),
              NodeHeader.read(r.getHeaders()),
              reason -> Rejection.reject(r, service, reason)));
    }
    return records;
  }
}
