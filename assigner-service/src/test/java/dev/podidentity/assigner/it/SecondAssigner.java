package dev.podidentity.assigner.it;

import dev.podidentity.assigner.adapter.kafka.AssignerChannels;
import dev.podidentity.assigner.adapter.kafka.OwnedPartitions;
import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.engine.AssignerMetrics;
import dev.podidentity.assigner.engine.Pipeline;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.EventSerializer;
import dev.podidentity.events.kafka.InputRecord;
import dev.podidentity.events.kafka.TargetPartitioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A second assigner replica in the test JVM, read for by plain consumers as the application's
 * channels read for it (a channel exists once per application): a group consumer on the pods and
 * assignments topics whose rebalance callbacks run the adapter's own code, a consumer of config and
 * the ledger, one thread polling both and handing each poll to the pipeline's input feed, and a
 * producer for its output. Its runs go to pools of its own, so {@link #kill()} can stop them as a
 * crash would.
 */
final class SecondAssigner implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> group;
  private final KafkaConsumer<String, byte[]> tables;
  private final KafkaProducer<String, Event> producer;
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final LinkedBlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
  private final Pipeline pipeline;
  private final Thread thread;
  private volatile boolean running = true;

  SecondAssigner(String bootstrap, String groupId, CloudPort cloud, AssignerConfig options) {
    group =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                RangeAssignor.class.getName(),
                // The application's failover settings, so its kill is taken over as fast.
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                options.kafka().sessionTimeoutMs(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                options.kafka().heartbeatIntervalMs()),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    tables =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.PARTITIONER_CLASS_CONFIG,
                TargetPartitioner.class.getName()),
            new StringSerializer(),
            new EventSerializer());
    pipeline =
        new Pipeline(
                output(),
                cloud,
                ClusterPort.NONE,
                false,
                options,
                new AssignerMetrics(new SimpleMeterRegistry()),
                Duration.ofSeconds(5),
                timers,
                workers,
                parts -> calls.add(() -> AssignerChannels.pause(group, parts)),
                Tracing.NONE)
            .start();
    thread = new Thread(this::run, "second-assigner");
    thread.setDaemon(true);
    thread.start();
  }

  Pipeline pipeline() {
    return pipeline;
  }

  private void run() {
    List<TopicPartition> table =
        List.of(new TopicPartition(Topics.CONFIG, 0), new TopicPartition(Topics.LEDGER, 0));
    tables.assign(table);
    tables.seekToBeginning(table);
    group.subscribe(
        List.of(Topics.PODS, Topics.ASSIGNMENTS),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            var a = OwnedPartitions.assigned(group, partitions);
            pipeline.inputs().assigned(a.podPartitions(), a.added(), a.ends());
          }

          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pipeline.inputs().revoked(OwnedPartitions.podPartitions(partitions));
          }
        });
    try {
      while (running) {
        for (Runnable call = calls.poll(); call != null; call = calls.poll()) {
          call.run();
        }
        List<InputRecord> owned = batch(group.poll(Duration.ofMillis(50)));
        if (!owned.isEmpty()) {
          pipeline.inputs().owned(owned);
        }
        List<InputRecord> config = batch(tables.poll(Duration.ZERO));
        if (!config.isEmpty()) {
          pipeline.inputs().tables(config);
        }
      }
    } catch (KafkaException e) {
      // Closed under it by kill().
    } finally {
      group.close(
          CloseOptions.groupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP)
              .withTimeout(Duration.ofSeconds(10)));
      tables.close(Duration.ofSeconds(5));
    }
  }

  private static List<InputRecord> batch(ConsumerRecords<String, byte[]> records) {
    List<InputRecord> out = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      out.add(new InputRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), e -> {}));
    }
    return out;
  }

  private OutputPort output() {
    return new OutputPort() {
      @Override
      public void ledger(LedgerRecord ledger) {
        try {
          producer
              .send(new ProducerRecord<>(Topics.LEDGER, Keys.ledger(ledger.target()), ledger))
              .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("the ledger write was not acknowledged", e);
        }
      }

      @Override
      public void assignment(AssignmentRecord assignment) {
        producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS, Keys.of(assignment), assignment));
      }

      @Override
      public void assignmentGone(String key, AssignmentRecord last) {
        producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS, key, null));
      }
    };
  }

  /**
   * Stops as a crash would: runs in flight are interrupted, nothing more is written, and its
   * consumer stops without leaving the group, as a killed process's: the application's replica
   * takes its partitions over once the coordinator has expired its session ({@code
   * assigner.kafka.session-timeout-ms}).
   */
  void kill() {
    pipeline.kill();
    workers.shutdownNow();
    timers.shutdownNow();
    producer.close(Duration.ZERO);
    running = false;
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (running) {
      kill();
    }
  }
}
