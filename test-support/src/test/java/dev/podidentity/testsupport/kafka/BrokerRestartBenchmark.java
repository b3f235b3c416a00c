package dev.podidentity.testsupport.kafka;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the local stack's broker is away after a {@code kill -9} (the chaos run's {@code
 * KILL_BROKER}): killed, started again on its port with its data, timed to its port and to the
 * first acknowledged send of a producer that was connected before. Prints the figures:
 *
 * <pre>
 * mvn -pl test-support test -Dbenchmark=true -Dtest=BrokerRestartBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "a benchmark: run with -Dbenchmark=true")
class BrokerRestartBenchmark {
  @TempDir Path dir;

  @AfterEach
  void stopBroker() throws Exception {
    StandaloneBroker.stop(dir);
  }

  @Test
  void killedBrokerBackOnItsPort() throws Exception {
    StandaloneBroker.Handle broker = StandaloneBroker.start(dir, 0, false);
    String bootstrap = broker.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    Map<String, Object> config =
        Map.of("bootstrap.servers", bootstrap, "acks", "all", "request.timeout.ms", 5000);
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("restart", "k", "before")).get();
      for (int round = 1; round <= 3; round++) {
        long pid = broker.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        long killed = System.nanoTime();
        broker = StandaloneBroker.start(dir, port, false);
        double open = (System.nanoTime() - killed) / 1e9;
        producer.send(new ProducerRecord<>("restart", "k", "round " + round)).get();
        System.out.printf(
            "BENCHMARK broker restart %d: port open %.1f s, first acknowledged send %.1f s%n",
            round, open, (System.nanoTime() - killed) / 1e9);
      }
    }
  }
}
