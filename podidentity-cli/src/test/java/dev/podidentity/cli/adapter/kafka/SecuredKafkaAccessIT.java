package dev.podidentity.cli.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.config.TestConfigs;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.core.OutgoingRecord;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EmbeddedKafkaOnly;
import dev.podidentity.testsupport.kafka.SecuredKafka;
import dev.podidentity.testsupport.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The command's Kafka clients (the event log's reader, the dead letters' writer, the consumer
 * group's admin) with the settings users give the services, TLS and SASL, as the {@code
 * podidentity-cli} principal holding exactly the ACLs of its KafkaUser manifest.
 */
@EmbeddedKafkaOnly
class SecuredKafkaAccessIT {
  private static final String USER = "podidentity-cli";

  @ParameterizedTest
  @EnumSource(
      value = SecuredKafka.Auth.class,
      names = {"SCRAM", "MTLS"})
  void readsWritesAndDescribesTheAssignersGroupUnderItsOwnPrincipal(SecuredKafka.Auth auth) {
    SecuredKafka kafka = SharedKafka.secured();
    kafka.grantAsManifest(USER, auth);
    Map<String, Object> settings = new HashMap<>(kafka.clientProperties(auth, USER));
    String key = "secured-" + auth + "-" + UUID.randomUUID();
    byte[] value = "{}".getBytes(StandardCharsets.UTF_8);

    List<LogRecord> written =
        new KafkaRecordWriter(settings, Duration.ofSeconds(30))
            .write(List.of(new OutgoingRecord(Topics.PODS, key, value, Map.of())));
    List<LogRecord> read =
        new KafkaEventLog(settings, TestConfigs.cli(Duration.ofSeconds(30), null))
            .records(Topics.PODS, EventLog.Progress.NONE).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    var group =
        new KafkaConsumerGroups(settings, Duration.ofSeconds(30))
            .describe("podidentity-assigner", List.of(Topics.PODS, Topics.ASSIGNMENTS));

    assertThat(written).hasSize(1);
    assertThat(read).extracting(LogRecord::offset).containsExactly(written.get(0).offset());
    // Every partition of both topics described with its first offset: the group's and the topics'
    // Describe rights held, not only a call that returned.
    assertThat(group.id()).isEqualTo("podidentity-assigner");
    assertThat(group.positions()).hasSize(2 * Topics.TARGET_PARTITIONS);
  }
}
