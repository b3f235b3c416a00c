package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import org.junit.jupiter.api.Test;

/** Where dead letters may come from, and where they may be sent back. */
class DeadletterTopicsTest {

  @Test
  void heartbeatsAreListedButNeverSentBack() {
    assertThat(DeadletterCommand.TOPICS)
        .contains(Topics.HEARTBEATS, Topics.PODS)
        .doesNotContain(Topics.DEADLETTER);
    assertThat(DeadletterCommand.REPROCESSABLE)
        .contains(Topics.PODS, Topics.CONFIG, Topics.NODES, Topics.ASSIGNMENTS, Topics.LEDGER)
        .doesNotContain(Topics.HEARTBEATS, Topics.DEADLETTER);
  }
}
