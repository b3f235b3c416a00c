package dev.podidentity.nmi.adapter.kafka;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.Partitioning;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.DeadLetters;
import dev.podidentity.nmi.core.ViewState;
import dev.podidentity.nmi.view.ViewHolder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Builds this node's view from Kafka on one thread: the nodes topic (for this node's compute
 * target), the whole config topic, and the one partition of the pods and assignments topics that
 * holds the target. A plain consumer with {@code assign}: no group, nothing committed, every start
 * replays the compacted topics from the beginning.
 *
 * <p>"Current" is defined by end offsets: every {@code confirmInterval} the feed asks the broker
 * for the end offsets of what it reads, and once its positions reach them the view is confirmed as
 * of the moment it asked. The first confirmation is the end of the replay. When the broker cannot
 * be reached, confirmations stop and the view goes stale, which fails requests closed.
 */
public final class ViewFeed implements Runnable {
  private static final Logger LOG = Logger.getLogger(ViewFeed.class);
  private static final String SERVICE = "nmi-gateway";

  private final ViewState state;
  private final ViewHolder holder;
  private final Map<String, Object> consumerProps;
  private final Map<String, Object> producerProps;
  private final Duration confirmInterval;
  private final LongSupplier clock;
  private final FeedListener listener;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private KafkaProducer<byte[], byte[]> deadLetters;

  private Map<TopicPartition, Long> pendingEnd;
  private long pendingAt;
  private long lastAsk;
  private long confirmedAt;

  /** What the feed reports besides the view: for metrics and logs. */
  public interface FeedListener {
    void deadLettered(String topic, String reason);

    void confirmed(long confirmedAtMillis);
  }

  public ViewFeed(
      ViewState state,
      ViewHolder holder,
      String bootstrapServers,
      Map<String, String> extraProps,
      Duration confirmInterval,
      LongSupplier clock,
      FeedListener listener) {
    this.state = state;
    this.holder = holder;
    this.confirmInterval = confirmInterval;
    this.clock = clock;
    this.listener = listener;
    String client = "nmi-" + state.nodeName();
    consumerProps = new HashMap<>(extraProps);
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, client);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    // The node runs on a 48 MiB heap: a replay must not fetch Kafka's default 50 MiB at once.
    consumerProps.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
    consumerProps.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    consumerProps.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    producerProps = new HashMap<>(extraProps);
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, client + "-dlq");
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
  }

  @Override
  public void run() {
    while (running) {
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props(consumerProps))) {
        consumer = c;
        follow(c);
      } catch (WakeupException | InterruptException e) {
        break;
      } catch (RuntimeException e) {
        // A consumer that broke is rebuilt and the topics replayed; the view stays as it was and
        // goes stale if this lasts, which fails requests closed.
        LOG.errorf(e, "view feed failed; replaying from the beginning in 1 s");
        state.clearTargetState();
        pendingEnd = null;
        pause();
      }
    }
    if (deadLetters != null) {
      deadLetters.close(Duration.ofSeconds(5));
    }
  }

  private void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  public void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  private void follow(KafkaConsumer<byte[], byte[]> c) {
    assign(c);
    while (running) {
      ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
      boolean targetChanged = false;
      for (ConsumerRecord<byte[], byte[]> r : records) {
        targetChanged |= apply(r);
      }
      if (targetChanged) {
        LOG.infof("node %s is on target %s; reading its partition", state.nodeName(), target());
        state.clearTargetState();
        assign(c);
        continue;
      }
      confirm(c);
      holder.publish(state.snapshot(confirmedAt));
    }
  }

  private void assign(KafkaConsumer<byte[], byte[]> c) {
    int partitions = c.partitionsFor(Topics.PODS).size();
    int p = partitionFor(state.target(), state.nodeName(), partitions);
    List<TopicPartition> all =
        List.of(
            new TopicPartition(Topics.NODES, 0),
            new TopicPartition(Topics.CONFIG, 0),
            new TopicPartition(Topics.PODS, p),
            new TopicPartition(Topics.ASSIGNMENTS, p));
    c.assign(all);
    c.seekToBeginning(all);
    pendingEnd = null;
    lastAsk = 0;
  }

  /** The partition of the pods and assignments topics that holds this node's pods. */
  static int partitionFor(ComputeTarget target, String nodeName, int partitions) {
    return target != null
        ? Partitioning.partitionOf(target, partitions)
        : Partitioning.partitionOfKey(Keys.podOnUnmanagedNode(nodeName, "-"), partitions);
  }

  private void confirm(KafkaConsumer<byte[], byte[]> c) {
    long now = clock.getAsLong();
    if (pendingEnd == null && now - lastAsk >= confirmInterval.toMillis()) {
      lastAsk = now;
      try {
        pendingEnd = c.endOffsets(c.assignment(), Duration.ofSeconds(5));
        pendingAt = now;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        LOG.warnf("cannot read end offsets: %s", e.getMessage());
        return;
      }
    }
    if (pendingEnd != null && caughtUp(c)) {
      confirmedAt = pendingAt;
      pendingEnd = null;
      state.markReplayed();
      listener.confirmed(confirmedAt);
    }
  }

  private boolean caughtUp(KafkaConsumer<byte[], byte[]> c) {
    for (Map.Entry<TopicPartition, Long> e : pendingEnd.entrySet()) {
      if (c.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Applies one record; returns true when this node's compute target changed. */
  private boolean apply(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null) {
      deadLetter(r, "record without a key");
      return false;
    }
    String key = new String(r.key(), StandardCharsets.UTF_8);
    byte[] v = r.value();
    try {
      switch (r.topic()) {
        case Topics.NODES:
          return state.applyNode(key, v == null ? null : EventJson.parse(v, NodeRecord.class));
        case Topics.CONFIG:
          state.applyConfig(key, v == null ? null : EventJson.parse(v, ConfigRecord.class));
          return false;
        case Topics.PODS:
          state.applyPod(key, v == null ? null : EventJson.parse(v, PodRecord.class));
          return false;
        case Topics.ASSIGNMENTS:
          state.applyAssignment(key, v == null ? null : EventJson.parse(v, AssignmentRecord.class));
          return false;
        default:
          return false;
      }
    } catch (EventParseException e) {
      deadLetter(r, e.getMessage());
      return false;
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
    LOG.warnf("dead-lettering %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason);
    listener.deadLettered(r.topic(), reason);
    try {
      if (deadLetters == null) {
        deadLetters = new KafkaProducer<>(props(producerProps));
      }
      deadLetters.send(
          DeadLetters.of(r, reason, SERVICE),
          (meta, err) -> {
            if (err != null) {
              LOG.errorf(
                  "could not dead-letter %s-%d@%d: %s",
                  r.topic(), r.partition(), r.offset(), err.getMessage());
            }
          });
    } catch (KafkaException e) {
      LOG.errorf(
          "could not dead-letter %s-%d@%d: %s",
          r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private String target() {
    return state.target() == null ? "none" : state.target().armId();
  }

  private static Properties props(Map<String, Object> map) {
    Properties p = new Properties();
    p.putAll(map);
    return p;
  }
}
