package dev.podidentity.assigner.adapter.kafka;

import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.assigner.reconcile.Reconciler;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Partitioning;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Feeds the assigner's state from Kafka on one thread. The pods topic is read in the consumer
 * group: its partitions decide which targets this replica owns. On every assignment the owned
 * partitions of pods and assignments are replayed from the start, config and ledger are followed in
 * full, and targets are acted on only once every input reached the end offsets taken at the
 * assignment (invariant 3). On revocation a target is handed over only after its run in flight ends
 * (invariant 4). Unreadable records are dead-lettered and skipped.
 */
public final class KafkaInputs implements Runnable, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaInputs.class);

  private final Object lock;
  private final AssignerState state;
  private final Reconciler reconciler;
  private final KafkaOutput output;
  private final Duration handoverTimeout;
  private final KafkaConsumer<byte[], byte[]> group;
  private final KafkaConsumer<byte[], byte[]> global;
  private final KafkaConsumer<byte[], byte[]> assignments;
  private final Set<Integer> readyPartitions = new HashSet<>();
  private Map<TopicPartition, Long> barrier = Map.of();
  private Set<Integer> pendingPartitions = Set.of();
  private volatile boolean ready;
  private volatile boolean running = true;
  private int podPartitions = Topics.TARGET_PARTITIONS;

  public KafkaInputs(
      Map<String, Object> kafka,
      String groupId,
      Object lock,
      AssignerState state,
      Reconciler reconciler,
      KafkaOutput output,
      Duration handoverTimeout) {
    this.lock = lock;
    this.state = state;
    this.reconciler = reconciler;
    this.output = output;
    this.handoverTimeout = handoverTimeout;
    Map<String, Object> grouped = new HashMap<>(kafka);
    grouped.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    grouped.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    grouped.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.group = consumer(grouped);
    this.global = consumer(kafka);
    this.assignments = consumer(kafka);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** True once the first replay completed (a replica with no partitions is ready too). */
  public boolean ready() {
    return ready;
  }

  @Override
  public void run() {
    try {
      podPartitions = group.partitionsFor(Topics.PODS).size();
      List<TopicPartition> globals = partitions(global, Topics.CONFIG);
      globals.addAll(partitions(global, Topics.LEDGER));
      global.assign(globals);
      global.seekToBeginning(globals);
      group.subscribe(List.of(Topics.PODS), new Rebalance());
      while (running) {
        ConsumerRecords<byte[], byte[]> polled = group.poll(Duration.ofMillis(100));
        if (!polled.isEmpty()) {
          reconciler.inputsBehind(true);
          polled.forEach(this::handle);
        }
        reconciler.inputsBehind(lagging());
        global.poll(Duration.ZERO).forEach(this::handle);
        if (!assignments.assignment().isEmpty()) {
          assignments.poll(Duration.ZERO).forEach(this::handle);
        }
        checkBarrier();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      group.close(Duration.ofSeconds(10));
      global.close();
      assignments.close();
    }
  }

  /** Whether the last fetch saw pod records beyond what was handled (lag is known locally). */
  private boolean lagging() {
    for (TopicPartition tp : group.assignment()) {
      OptionalLong lag = group.currentLag(tp);
      if (lag.isPresent() && lag.getAsLong() > 0) {
        return true;
      }
    }
    return false;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
    return c.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .collect(Collectors.toList());
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    if (key == null) {
      output.deadLetter(r, "record without a key");
      return;
    }
    try {
      switch (r.topic()) {
        case Topics.PODS -> pod(key, r.value());
        case Topics.CONFIG -> config(key, r.value());
        case Topics.LEDGER -> ledger(r.value());
        case Topics.ASSIGNMENTS -> seed(key, r.value());
        default -> LOG.debugf("ignoring a record of %s", r.topic());
      }
    } catch (EventParseException e) {
      output.deadLetter(r, e.getMessage());
    }
  }

  private void pod(String key, byte[] value) {
    PodRecord pod = value == null ? null : EventJson.parse(value, PodRecord.class);
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.pod(key, pod);
    }
    reconciler.enqueueAll(affected);
  }

  private void config(String key, byte[] value) {
    ConfigRecord record = value == null ? null : EventJson.parse(value, ConfigRecord.class);
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.config(key, record);
    }
    if (record instanceof IdentityRecord identity && identity.resourceId() != null) {
      reconciler.identityChanged(identity.resourceId().toLowerCase(Locale.ROOT));
    }
    reconciler.enqueueAll(affected);
  }

  private void ledger(byte[] value) {
    if (value == null) {
      return; // The assigner never deletes a ledger; nothing to forget.
    }
    LedgerRecord ledger = EventJson.parse(value, LedgerRecord.class);
    synchronized (lock) {
      state.ledger(ledger.target(), ledger);
    }
  }

  private void seed(String key, byte[] value) {
    AssignmentRecord record = value == null ? null : EventJson.parse(value, AssignmentRecord.class);
    reconciler.seedPublished(key, record);
  }

  private void checkBarrier() {
    if (barrier.isEmpty()) {
      return;
    }
    for (var e : barrier.entrySet()) {
      TopicPartition tp = e.getKey();
      KafkaConsumer<byte[], byte[]> c =
          switch (tp.topic()) {
            case Topics.PODS -> group;
            case Topics.ASSIGNMENTS -> assignments;
            default -> global;
          };
      if (!c.assignment().contains(tp) || c.position(tp) < e.getValue()) {
        return;
      }
    }
    barrier = Map.of();
    readyPartitions.addAll(pendingPartitions);
    // From here on this replica is the only writer of its partitions' assignment records and keeps
    // them in memory; reading its own writes back would only cost CPU in every burst.
    assignments.assign(List.of());
    LOG.infof("replayed to the end; acting on pod partitions %s", readyPartitions);
    pendingPartitions = Set.of();
    Set<Integer> owned = Set.copyOf(readyPartitions);
    reconciler.own(t -> owned.contains(Partitioning.partitionOf(t, podPartitions)));
    Collection<ComputeTarget> targets;
    synchronized (lock) {
      targets = state.targets();
    }
    reconciler.enqueueAll(targets);
    ready = true;
  }

  /** Rebalance callbacks run inside {@code group.poll}, on this thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> parts) {
      Set<Integer> added =
          parts.stream().map(TopicPartition::partition).collect(Collectors.toSet());
      // Only partitions still replaying read their assignment records (ready ones keep theirs).
      Set<Integer> replaying = new HashSet<>(pendingPartitions);
      replaying.addAll(added);
      group.seekToBeginning(parts);
      List<TopicPartition> assignmentParts =
          replaying.stream().map(p -> new TopicPartition(Topics.ASSIGNMENTS, p)).toList();
      assignments.assign(assignmentParts);
      assignments.seekToBeginning(
          added.stream().map(p -> new TopicPartition(Topics.ASSIGNMENTS, p)).toList());
      Map<TopicPartition, Long> ends = new HashMap<>(group.endOffsets(parts));
      ends.putAll(assignments.endOffsets(assignmentParts));
      ends.putAll(global.endOffsets(global.assignment()));
      Set<Integer> pending = new HashSet<>(pendingPartitions);
      pending.addAll(added);
      pendingPartitions = pending;
      barrier = ends;
      if (parts.isEmpty() && pendingPartitions.isEmpty()) {
        ready = true;
      }
      LOG.infof("assigned pod partitions %s; replaying before acting", added);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> parts) {
      Set<Integer> gone = parts.stream().map(TopicPartition::partition).collect(Collectors.toSet());
      readyPartitions.removeAll(gone);
      Set<Integer> pending = new HashSet<>(pendingPartitions);
      pending.removeAll(gone);
      pendingPartitions = pending;
      Set<Integer> owned = Set.copyOf(readyPartitions);
      reconciler.own(t -> owned.contains(Partitioning.partitionOf(t, podPartitions)));
      try {
        reconciler.release(
            t -> gone.contains(Partitioning.partitionOf(t, podPartitions)), handoverTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (lock) {
        state.forgetPods(key -> gone.contains(Partitioning.partitionOfKey(key, podPartitions)));
      }
      assignments.assign(
          pendingPartitions.stream().map(p -> new TopicPartition(Topics.ASSIGNMENTS, p)).toList());
      LOG.infof("handed over pod partitions %s", gone);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> parts) {
      onPartitionsRevoked(parts);
    }
  }

  @Override
  public void close() {
    running = false;
    group.wakeup();
  }
}
