package dev.podidentity.local.chaos;

import dev.podidentity.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records written straight to the input topics, as a buggy or hostile writer would: malformed
 * values on the pods, config and nodes topics, and for pods still alive an older version of their
 * record re-sent after the newest (out of order) followed by the newest again (a duplicate).
 */
final class RecordFaults {
  private final String bootstrap;

  RecordFaults(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Writes the bad records; answers how many. */
  int inject(Random random) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    int sent = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (String topic : List.of(Topics.PODS, Topics.CONFIG, Topics.NODES)) {
        byte[] junk = new byte[1 + random.nextInt(64)];
        random.nextBytes(junk);
        producer.send(new ProducerRecord<>(topic, "chaos-junk-" + random.nextInt(1000), junk));
        producer.send(
            new ProducerRecord<>(topic, "chaos/not-json", "{\"schemaVersion\":".getBytes()));
        sent += 2;
      }
      for (List<ConsumerRecord<String, byte[]>> versions : liveHistories()) {
        ConsumerRecord<String, byte[]> older = versions.get(random.nextInt(versions.size() - 1));
        ConsumerRecord<String, byte[]> newest = versions.get(versions.size() - 1);
        producer.send(copy(older));
        producer.send(copy(newest));
        sent += 2;
      }
      producer.flush();
    }
    return sent;
  }

  private static ProducerRecord<String, byte[]> copy(ConsumerRecord<String, byte[]> r) {
    return new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers());
  }

  /** Each pod key with two or more records whose newest is not a tombstone (at most 20). */
  private List<List<ConsumerRecord<String, byte[]>>> liveHistories() {
    Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r :
        TopicReader.readAll(bootstrap, Topics.PODS, Duration.ofSeconds(10))) {
      if (r.key() == null || r.key().startsWith("chaos")) {
        continue;
      }
      if (r.value() == null) {
        byKey.remove(r.key());
      } else {
        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
      }
    }
    return byKey.values().stream().filter(v -> v.size() >= 2).limit(20).toList();
  }
}
