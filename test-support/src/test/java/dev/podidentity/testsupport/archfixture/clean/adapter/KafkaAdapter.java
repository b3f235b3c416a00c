package dev.podidentity.testsupport.archfixture.clean.adapter;

import dev.podidentity.testsupport.archfixture.clean.core.PureDecision;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Fixture: adapters may use anything, including the core. */
public class KafkaAdapter {
  public ProducerRecord<String, String> record(PureDecision decision) {
    return new ProducerRecord<>("topic", String.valueOf(decision), "value");
  }
}
