package dev.podidentity.testsupport.kafka;

import java.util.Map;

/**
 * The shared broker with a watcher's heartbeat going ({@link WatcherHeartbeats}), for the
 * {@code @QuarkusTest}s of a service that reads the view without a watcher running (the NMI).
 */
public class BeatingKafkaTestResource extends KafkaTestResource {
  @Override
  public Map<String, String> start() {
    WatcherHeartbeats.keepBeating(SharedKafka.bootstrapServers());
    return super.start();
  }
}
