package dev.podidentity.nmi.it;

import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.InputRecord;
import dev.podidentity.events.kafka.NodeHeader;
import dev.podidentity.nmi.adapter.kafka.KafkaFeedControl;
import dev.podidentity.nmi.engine.view.ViewFeed;
import dev.podidentity.nmi.port.FeedControl;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads Kafka for one simulated node of a test, as the application's {@code node-view} channel does
 * for its one node: a consumer started on the nodes and config topics, polled on one thread that
 * hands each poll's records to the node's {@link ViewFeed} as a batch and runs the feed's calls
 * between two polls (with the adapter's own code). Tests run several nodes in one JVM, which a
 * channel (one per application) cannot.
 */
final class TestFeed implements FeedControl, AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final LinkedBlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
  private final AtomicInteger rejected = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile ViewFeed feed;

  TestFeed(String bootstrap) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> start =
        List.of(new TopicPartition(Topics.NODES, 0), new TopicPartition(Topics.CONFIG, 0));
    consumer.assign(start);
    consumer.seekToBeginning(start);
    thread = new Thread(this::run, "test-feed");
    thread.setDaemon(true);
  }

  /** Starts polling for {@code feed}. */
  void feed(ViewFeed feed) {
    this.feed = feed;
    thread.start();
  }

  /** Records the feed gave up on (the application dead-letters them). */
  int rejected() {
    return rejected.get();
  }

  private void run() {
    while (running) {
      for (Runnable call = calls.poll(); call != null; call = calls.poll()) {
        call.run();
      }
      ConsumerRecords<String, byte[]> polled;
      try {
        polled = consumer.poll(Duration.ofMillis(50));
      } catch (KafkaException e) {
        continue; // an unreachable broker: keep trying, as the connector does
      }
      if (!polled.isEmpty()) {
        List<InputRecord> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : polled) {
          batch.add(
              new InputRecord(
                  r.topic(),
                  r.partition(),
                  r.offset(),
                  r.key(),
                  r.value(),
                  NodeHeader.read(r.headers()),
                  reason -> rejected.incrementAndGet()));
        }
        // The next batch waits for this one, as in the channel; the feed's calls meanwhile run
        // here, between polls, as on the connector's polling thread.
        CompletableFuture<Void> done = feed.onRecords(batch).subscribeAsCompletionStage();
        while (!done.isDone()) {
          runCall(Duration.ofMillis(10));
        }
        done.join();
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  private void runCall(Duration wait) {
    try {
      Runnable call = calls.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (call != null) {
        call.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private <T> Uni<T> onThread(Supplier<T> call) {
    return Uni.createFrom()
        .emitter(
            e ->
                calls.add(
                    () -> {
                      try {
                        e.complete(call.get());
                      } catch (RuntimeException x) {
                        e.fail(x);
                      }
                    }));
  }

  @Override
  public Uni<Integer> partitions(String topic) {
    return onThread(() -> KafkaFeedControl.partitions(consumer, topic));
  }

  @Override
  public Uni<EndOffsets> read(Set<TopicPartition> partitions, Set<TopicPartition> fromStart) {
    return onThread(() -> KafkaFeedControl.read(consumer, partitions, fromStart));
  }

  @Override
  public Uni<EndOffsets> endOffsets() {
    return onThread(() -> KafkaFeedControl.endOffsets(consumer));
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
