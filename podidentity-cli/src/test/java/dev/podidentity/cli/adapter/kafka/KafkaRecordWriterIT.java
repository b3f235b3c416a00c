package dev.podidentity.cli.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.cli.config.TestConfigs;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.core.OutgoingRecord;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.cli.port.RecordWriter;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Keys;
import dev.podidentity.events.Partitioning;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.SharedKafka;
import dev.podidentity.testsupport.net.LoopbackPorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The record writer against the shared broker: written where the contract puts the key. */
class KafkaRecordWriterIT {
  private final Map<String, Object> kafka =
      Map.of("bootstrap.servers", SharedKafka.bootstrapServers());

  @Test
  void writesRecordsWithTheirHeadersToTheirKeysPartitionAndSaysWhere() {
    String vmss = "writer-" + UUID.randomUUID();
    String key =
        Keys.pod(
            ComputeTarget.scaleSet("00000000-0000-0000-0000-000000000000", "rg", vmss),
            UUID.randomUUID().toString());
    byte[] value = "{\"not\":\"a pod\"}".getBytes(StandardCharsets.UTF_8);
    RecordWriter writer = new KafkaRecordWriter(kafka, Duration.ofSeconds(30));

    List<LogRecord> written =
        writer.write(
            List.of(
                new OutgoingRecord(Topics.PODS, key, value, Map.of("ce_type", "t")),
                new OutgoingRecord(Topics.PODS, key, null, Map.of())));

    int partition = Partitioning.partitionOfKey(key, Topics.TARGET_PARTITIONS);
    assertThat(written).extracting(LogRecord::partition).containsExactly(partition, partition);
    assertThat(written.get(1).offset()).isGreaterThan(written.get(0).offset());
    List<LogRecord> read =
        new KafkaEventLog(kafka, TestConfigs.cli(Duration.ofSeconds(30), null))
            .records(Topics.PODS, EventLog.Progress.NONE).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    assertThat(read).hasSize(2);
    assertThat(read.get(0).offset()).isEqualTo(written.get(0).offset());
    assertThat(read.get(0).value()).isEqualTo(value);
    assertThat(read.get(0).headers()).containsEntry("ce_type", "t");
    assertThat(read.get(1).tombstone()).isTrue();
  }

  @Test
  void aBrokerThatDoesNotAnswerIsOneClearErrorWithinTheTimeout() throws Exception {
    int port = LoopbackPorts.free();
    RecordWriter writer =
        new KafkaRecordWriter(
            Map.of("bootstrap.servers", "127.0.0.1:" + port), Duration.ofSeconds(2));

    assertThatThrownBy(
            () ->
                writer.write(
                    List.of(new OutgoingRecord(Topics.LEDGER, "k", new byte[] {1}, Map.of()))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("could not write to Kafka at 127.0.0.1:" + port + ": ");
  }
}
