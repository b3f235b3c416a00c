package dev.podidentity.testsupport.kafka;

import dev.podidentity.events.Event;
import dev.podidentity.events.HeartbeatRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.EventSerializer;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The watcher's heartbeat for tests that play the watcher: an NMI takes its view as current only as
 * of the newest heartbeat (see {@link HeartbeatRecord}), so a test that writes the cluster topics
 * itself also keeps a heartbeat going, as a leading watcher would: every {@value #EVERY_MS} ms, for
 * the rest of the JVM. Its records are written after the test's own (each test send waits for its
 * acknowledgement), so every heartbeat vouches for what the test wrote before it.
 */
public final class WatcherHeartbeats {
  /** The beat's period; the tests' staleness bound is the NMI default, several beats longer. */
  public static final long EVERY_MS = 250;

  /** The instance the test heartbeats name. */
  public static final String INSTANCE = "test-watcher";

  private static ScheduledExecutorService beating;

  private WatcherHeartbeats() {}

  /** Starts beating on {@code bootstrap} (once per JVM; later calls do nothing). */
  public static synchronized void keepBeating(String bootstrap) {
    if (beating != null) {
      return;
    }
    TopicAdmin.ensure(bootstrap, Topics.ALL);
    KafkaProducer<String, Event> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new EventSerializer());
    beating =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "test-watcher-heartbeat");
              t.setDaemon(true);
              return t;
            });
    beating.scheduleAtFixedRate(
        () ->
            producer.send(
                new ProducerRecord<>(
                    Topics.HEARTBEATS,
                    HeartbeatRecord.KEY,
                    HeartbeatRecord.of(INSTANCE, System.currentTimeMillis()))),
        0,
        EVERY_MS,
        TimeUnit.MILLISECONDS);
  }
}
