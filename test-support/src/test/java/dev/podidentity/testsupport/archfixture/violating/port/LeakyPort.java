package dev.podidentity.testsupport.archfixture.violating.port;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Fixture: a port that hands its engine a Kafka type; the rule must reject it. */
public interface LeakyPort {
  void send(ProducerRecord<String, String> record);
}
