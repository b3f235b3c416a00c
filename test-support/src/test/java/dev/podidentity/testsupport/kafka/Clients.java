package dev.podidentity.testsupport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka clients from property maps, with short timeouts so refusals fail fast. */
public final class Clients {
  private Clients() {}

  static Admin admin(Map<String, String> props) {
    Map<String, Object> p = new HashMap<>(props);
    p.put("request.timeout.ms", "10000");
    p.put("default.api.timeout.ms", "15000");
    return Admin.create(p);
  }

  /** Durable and idempotent, as the services' producers are. */
  public static KafkaProducer<String, String> producer(Map<String, ?> props) {
    Map<String, Object> p = new HashMap<>(props);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** No commits; {@code groupId} may be null (no group at all). */
  static KafkaConsumer<String, String> consumer(Map<String, String> props, String groupId) {
    Map<String, Object> p = new HashMap<>(props);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    // An empty partition's fetch answers after this wait; short, so replays of empty topics end.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    if (groupId != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /** Sends one record and waits for it: null when it was written, else why not. */
  public static Throwable produce(KafkaProducer<String, String> producer, String topic) {
    return failureOf(
        () -> producer.send(new ProducerRecord<>(topic, "key", "value")).get(30, TimeUnit.SECONDS));
  }

  /**
   * Reads every partition of {@code topic} from the beginning to its end, as the services replay
   * (assigned partitions, an explicit seek, end offsets); returns the records.
   */
  static List<ConsumerRecord<String, String>> readAll(
      KafkaConsumer<String, String> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic)
        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // Read is checked on the fetch itself, so an empty topic's end is not proof enough: keep
    // polling until at least one fetch has come back too (an error would be thrown by poll).
    do {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    } while ((!end.isEmpty() || fetches(consumer) == 0) && System.nanoTime() < deadline);
    if (!end.isEmpty() || fetches(consumer) == 0) {
      throw new AssertionError("did not reach the end of " + topic + ": " + end);
    }
    return records;
  }

  private static double fetches(KafkaConsumer<?, ?> consumer) {
    return consumer.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("fetch-total"))
        .filter(e -> e.getKey().group().equals("consumer-fetch-manager-metrics"))
        .filter(e -> !e.getKey().tags().containsKey("topic"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  /** Runs it; null when it worked, else the root of what was thrown (futures unwrapped). */
  static Throwable failureOf(ThrowingRunnable action) {
    try {
      action.run();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  /** A fresh topic on the shared broker, made through the (super user) PLAINTEXT listener. */
  static String newTopic(int partitions) throws Exception {
    String name = "it.secured." + UUID.randomUUID();
    try (Admin admin = SharedKafka.secured().admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    return name;
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
