package dev.podidentity.cli.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.config.TestConfigs;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EventPublisher;
import dev.podidentity.testsupport.kafka.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The event log against the shared broker: every record kept, and the latest per key. */
class KafkaEventLogIT {
  private final EventLog log =
      new KafkaEventLog(
          Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
          TestConfigs.cli(Duration.ofSeconds(30), null));

  @Test
  void readsEveryRecordWithItsHeadersAndTheLatestValuePerKey() {
    String vmss = "event-log-" + UUID.randomUUID();
    ComputeTarget target =
        ComputeTarget.scaleSet("00000000-0000-0000-0000-000000000000", "rg", vmss);
    String id = "/subscriptions/s/resourcegroups/rg/providers/x/" + vmss;
    LedgerRecord first = new LedgerRecord(1, target, List.of(), null);
    LedgerRecord second = new LedgerRecord(1, target, List.of(id), null);
    String key = Keys.ledger(target);
    try (EventPublisher publisher = new EventPublisher()) {
      publisher.send(Topics.LEDGER, key, first, Map.of("why", "test"));
      publisher.send(Topics.LEDGER, key, second);
    }

    List<LogRecord> mine =
        log.records(Topics.LEDGER, EventLog.Progress.NONE).stream()
            .filter(r -> key.equals(r.key()))
            .toList();
    assertThat(mine).hasSize(2);
    assertThat(mine.get(0).headers()).containsEntry("why", "test");
    assertThat(mine.get(0).offset()).isLessThan(mine.get(1).offset());
    assertThat(mine.get(1).timestampMillis()).isPositive();

    Map<String, Optional<Event>> latest = log.latest(Topics.LEDGER, EventLog.Progress.NONE);
    assertThat(latest.get(key)).contains(second);
  }
}
