package dev.podidentity.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker the local stack uses runs as its own process and is started, found and stopped. */
class StandaloneBrokerIT {
  @TempDir Path dir;

  @AfterEach
  void stopBroker() throws Exception {
    StandaloneBroker.stop(dir);
  }

  @Test
  void startStatusAndStopAStandaloneBrokerProcess() throws Exception {
    var out = new ByteArrayOutputStream();
    int started =
        StandaloneBroker.run(
            new String[] {"start", "--port", "0", "--dir", dir.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(started).isZero();
    String bootstrap = Files.readString(dir.resolve("bootstrap")).trim();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(bootstrap);
    assertThat(StandaloneBroker.status(dir)).isPresent();
    long pid = StandaloneBroker.status(dir).get().pid();
    assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());

    TopicAdmin.ensure(bootstrap, Topics.ALL);
    try (Admin admin = TopicAdmin.admin(bootstrap)) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.PODS);
    }

    assertThat(StandaloneBroker.stop(dir)).isTrue();
    assertThat(StandaloneBroker.status(dir)).isEmpty();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void helpAndUnknownCommandsAreClear() throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(StandaloneBroker.run(new String[] {"--help"}, o, e)).isZero();
    assertThat(StandaloneBroker.run(new String[] {"explode"}, o, e)).isEqualTo(2);
    assertThat(StandaloneBroker.run(new String[] {"status", "--dir", dir.toString()}, o, e))
        .isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: kafka-broker");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command explode");
  }
}
