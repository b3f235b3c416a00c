package dev.podidentity.testsupport.archfixture.violating.core;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Fixture: a core class that reaches for Kafka; the architecture rule must reject it. */
public class ImpureDecision {
  public ProducerRecord<String, String> decide(String key) {
    return new ProducerRecord<>("topic", key, "value");
  }
}
