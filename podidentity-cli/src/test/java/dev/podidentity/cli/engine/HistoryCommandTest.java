package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command's own behaviour over an in-memory event log, without starting the application: output
 * formats, the empty result and the retention note. The launch through Quarkus and the broker is
 * {@link HistoryCommandIT}.
 */
class HistoryCommandTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final ComputeTarget POOL = ComputeTarget.scaleSet("sub", "rg", "pool");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(List<LogRecord> assignments, String... args) {
    HistoryCommand command = new HistoryCommand();
    command.now = () -> NOW;
    command.log =
        new EventLog() {
          @Override
          public Map<String, Optional<dev.podidentity.events.Event>> latest(
              String topic, Progress progress) {
            throw new UnsupportedOperationException("history reads every record");
          }

          @Override
          public List<LogRecord> records(String topic, Progress progress) {
            return topic.equals(Topics.ASSIGNMENTS) ? assignments : List.of();
          }
        };
    return new CommandLine(command)
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  private static LogRecord assigned(String pod, Instant at) {
    AssignmentRecord value =
        new AssignmentRecord(
            1,
            "uid-" + pod,
            "apps",
            pod,
            "node-0",
            POOL,
            List.of(
                new AssignedIdentity(
                    "apps",
                    "demo",
                    "demo-binding",
                    IdentityType.USER_ASSIGNED_MSI,
                    null,
                    null,
                    null,
                    AssignmentState.ASSIGNED,
                    null)));
    return new LogRecord(
        Topics.ASSIGNMENTS,
        0,
        0,
        at.toEpochMilli(),
        Keys.of(value),
        EventJson.toBytes(value),
        Map.of());
  }

  @Test
  void jsonIsAListOfTheEntries() {
    int code = run(List.of(assigned("web", NOW.minusSeconds(60))), "-o", "json");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("\"kind\":\"List\"")
        .contains("\"time\":\"2026-12-06T11:59:00.000Z\"")
        .contains("\"event\":\"ASSIGNED\"")
        .contains("\"pod\":\"apps/web\"")
        .contains("\"scaleSet\":\"pool\"");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void yamlOfAnIdentitysHistoryIsAListOfItsEntries() {
    int code =
        run(
            List.of(assigned("web", NOW.minusSeconds(60))),
            "--identity",
            "apps/demo",
            "--since",
            "1h",
            "-o",
            "yaml");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("kind: \"List\"")
        .contains("event: \"ASSIGNED\"")
        .contains("pod: \"apps/web\"")
        .contains("scaleSet: \"pool\"");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anEmptyResultSaysSoOnStderrAndSucceeds() {
    int code = run(List.of(assigned("web", NOW.minusSeconds(60))), "--pod", "apps/other");

    assertThat(code).isZero();
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "No history found for these flags (read 0 ledger and 1 assignment records)%n"
                .formatted());
  }

  @Test
  void sinceCountsBackFromNow() {
    run(
        List.of(assigned("old", NOW.minus(Duration.ofHours(3))), assigned("new", NOW)),
        "--since",
        "2h");

    assertThat(out.toString()).contains("apps/new").doesNotContain("apps/old");
  }

  @Test
  void changesOlderThanTheWindowComeWithANote() {
    run(List.of(assigned("web", NOW.minus(Duration.ofDays(8)))));

    assertThat(out.toString()).startsWith("TIME").contains("apps/web");
    assertThat(err.toString()).contains("older than 7 days may be missing");
  }
}
