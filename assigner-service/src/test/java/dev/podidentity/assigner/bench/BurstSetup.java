package dev.podidentity.assigner.bench;

import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.core.Fixtures;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EventPublisher;
import dev.podidentity.testsupport.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the assigner's burst benchmarks set up before measuring, and the clients they use. */
final class BurstSetup {
  static final String SUB = "8d0c5a33-0000-4000-8000-0000000b0a57";
  static final String RG = "mc_bench";

  private BurstSetup() {}

  /** Leaves the shared topics as they were: the next benchmark's application replays them. */
  static void tombstone(List<String> topicAndKeys) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (String tk : topicAndKeys) {
        int space = tk.indexOf(' ');
        send(producer, tk.substring(0, space), tk.substring(space + 1), null);
      }
      producer.flush();
    }
  }

  /**
   * A running assigner is warm: its credential holds a token and the SDK's classes are loaded. One
   * pod on a scale set of its own gets it there before the measured burst.
   */
  static List<String> warmUp(AzureSimulator sim, KafkaProducer<byte[], byte[]> producer) {
    sim.admin().addScaleSet(SUB, RG, "bench-warmup", 1);
    ComputeTarget t = ComputeTarget.scaleSet(SUB, RG, "bench-warmup");
    return sendAndAwaitAssigned(producer, List.of(Fixtures.pod("bench", "warmup", t, "sel-0")));
  }

  /**
   * Scale sets in use, as in a running cluster: each gets one bound pod, and the burst starts once
   * the assigner has read and patched every one. The burst then lands on targets the assigner
   * knows, which publish what needs no PATCH while their batch gathers. Returns what to clean up.
   */
  static List<String> inUse(
      KafkaProducer<byte[], byte[]> producer, int scaleSets, Map<Integer, IdentityRecord> ids) {
    List<PodRecord> pods = new ArrayList<>();
    for (int v = 0; v < scaleSets; v++) {
      ComputeTarget t = ComputeTarget.scaleSet(SUB, RG, "bench-vmss-" + v);
      pods.add(Fixtures.pod("bench", "inuse-" + v, t, "sel-" + (v % ids.size())));
    }
    List<String> keys = sendAndAwaitAssigned(producer, pods);
    System.out.printf("%d scale sets in use before the burst%n", scaleSets);
    return keys;
  }

  /**
   * A running assigner has published many records before a burst comes, and its JIT has compiled
   * that path; a test's has published a few hundred. A burst of {@code pods} on scale sets of their
   * own, each pod assigned before this returns, gets it there. The pods stay, as other pods stay in
   * a running cluster. Returns what to clean up.
   */
  static List<String> warmBurst(
      AzureSimulator sim,
      KafkaProducer<byte[], byte[]> producer,
      int pods,
      int scaleSets,
      int ids) {
    for (int v = 0; v < scaleSets; v++) {
      sim.admin().addScaleSet(SUB, RG, "bench-warm-" + v, 3);
    }
    List<PodRecord> burst = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      ComputeTarget t = ComputeTarget.scaleSet(SUB, RG, "bench-warm-" + (i % scaleSets));
      burst.add(Fixtures.pod("bench", "warm-" + i, t, "sel-" + (i % ids)));
    }
    List<String> keys = sendAndAwaitAssigned(producer, burst);
    System.out.printf(
        "a burst of %d pods on %d other scale sets before the measured one%n", pods, scaleSets);
    return keys;
  }

  /** Sends the pods and waits until each is assigned; returns their keys to clean up. */
  private static List<String> sendAndAwaitAssigned(
      KafkaProducer<byte[], byte[]> producer, List<PodRecord> pods) {
    Set<String> sent = new HashSet<>();
    for (PodRecord p : pods) {
      send(producer, Topics.PODS, Keys.of(p), EventJson.toBytes(p));
      sent.add(Keys.of(p));
    }
    producer.flush();
    awaitAssigned(sent, Duration.ofMinutes(3));
    return sent.stream().map(key -> Topics.PODS + " " + key).toList();
  }

  /**
   * Waits for each pod's {@code ASSIGNED} record: its PATCH has ended. The simulator shows an
   * identity on the scale set a little sooner, when the operation ends and before the assigner's
   * poll hears of it; a burst started then found some scale sets still patching, and its first pods
   * there went out in a PATCH of their own, the rest 10 s later in another (P4b: 101 PATCHes, max 2
   * × latency, in one run of five at 5,000 pods).
   */
  static Map<String, Long> awaitAssigned(Set<String> podKeys, Duration atMost) {
    Map<String, Long> assignedAt = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          String key = new String(r.key(), StandardCharsets.UTF_8);
                          if (podKeys.contains(key)
                              && !assignedAt.containsKey(key)
                              && assigned(r.value())) {
                            assignedAt.put(key, r.timestamp());
                          }
                        });
                return assignedAt.size() == podKeys.size();
              });
    }
    return assignedAt;
  }

  /** Whether an assignments record shows every identity of its pod {@code ASSIGNED}. */
  static boolean assigned(byte[] value) {
    return value != null
        && EventJson.parse(value, AssignmentRecord.class).identities().stream()
            .map(AssignedIdentity::state)
            .allMatch(AssignmentState.ASSIGNED::equals);
  }

  static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
  }

  static KafkaProducer<byte[], byte[]> producer() {
    return EventPublisher.asTheWatcher(new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads the assignments topic from its beginning. */
  static KafkaConsumer<byte[], byte[]> consumer() {
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> parts =
        c.partitionsFor(Topics.ASSIGNMENTS).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }
}
