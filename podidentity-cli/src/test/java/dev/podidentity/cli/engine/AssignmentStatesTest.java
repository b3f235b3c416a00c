package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.cli.core.AssignmentSummary.IdentityRef;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The optional read of {@code identity list}: bounded, and one line on stderr when it fails. */
class AssignmentStatesTest {
  private static final String ID =
      "/subscriptions/s/resourcegroups/rg/providers/microsoft.managedidentity/"
          + "userassignedidentities/demo";
  private static final IdentityRef DEMO = new IdentityRef("apps", "demo");

  private final StringWriter err = new StringWriter();

  /** An event log answering {@code latest} with {@code answer}, or failing as it says. */
  private record FakeLog(java.util.function.Function<String, Map<String, Optional<Event>>> answer)
      implements EventLog {
    @Override
    public Map<String, Optional<Event>> latest(String topic, Progress progress) {
      return answer.apply(topic);
    }

    @Override
    public List<LogRecord> records(String topic, Progress progress) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aReadableLogGivesTheSummaryAndCountsWhatCouldNotBeRead() {
    ComputeTarget target = ComputeTarget.scaleSet("s", "rg", "aks-a");
    EventLog log =
        new FakeLog(
            topic ->
                topic.equals(Topics.LEDGER)
                    ? Map.of(
                        "k1",
                        Optional.of(new LedgerRecord(1, target, List.of(ID), null)),
                        "k2",
                        Optional.empty())
                    : Map.of());

    var summary =
        AssignmentStates.read(log, Duration.ofSeconds(30), Map.of(DEMO, ID), new PrintWriter(err));

    assertThat(summary).isPresent();
    assertThat(summary.get().get(DEMO)).hasSize(1);
    assertThat(err.toString()).contains("1 record(s) could not be read");
  }

  @Test
  void kafkaThatFailsIsOneLineOnStderrAndNoState() {
    EventLog log =
        new FakeLog(
            topic -> {
              throw new IllegalStateException("could not read " + topic + ": no broker");
            });

    var summary =
        AssignmentStates.read(log, Duration.ofSeconds(30), Map.of(), new PrintWriter(err));

    assertThat(summary).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "assignment state unavailable: could not read "
                + Topics.ASSIGNMENTS
                + ": no broker"
                + System.lineSeparator());
  }

  @Test
  void kafkaThatDoesNotAnswerIsGivenUpAfterTheTimeoutAndTheReadIsInterrupted() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    EventLog log =
        new FakeLog(
            topic -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
              throw new IllegalStateException("interrupted");
            });

    var summary =
        AssignmentStates.read(log, Duration.ofMillis(200), Map.of(), new PrintWriter(err));

    assertThat(summary).isEmpty();
    assertThat(err.toString())
        .contains("assignment state unavailable: no answer from Kafka within 200ms")
        .contains(AssignmentStates.TIMEOUT_KEY);
    await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
  }

  @Test
  void theReasonAddsTheRootCauseWhenItSaysMore() {
    Exception root = new IllegalArgumentException("No resolvable bootstrap urls");
    Exception failure =
        new IllegalStateException(
            "could not read t: Failed to construct kafka consumer",
            new RuntimeException("Failed to construct kafka consumer", root));

    assertThat(AssignmentStates.reason(failure))
        .isEqualTo(
            "could not read t: Failed to construct kafka consumer (No resolvable bootstrap urls)");
    assertThat(AssignmentStates.reason(new IllegalStateException("could not read t: x")))
        .isEqualTo("could not read t: x");
  }
}
