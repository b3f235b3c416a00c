package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ViewPublishingTest {
  @ParameterizedTest(name = "replayed {0}, published view replayed {1} -> publishes {2}")
  @CsvSource({
    // a replay under way after a start: nobody decides on it, nothing to publish
    "false, false, false",
    // a move to another partition: the old partition's replayed view is withdrawn at once
    "false, true, true",
    // the replay's end, and every batch after it
    "true, false, true",
    "true, true, true"
  })
  void publishesOnceTheReplayEndsOrToWithdrawAReplayedView(
      boolean replayed, boolean publishedReplayed, boolean publishes) {
    assertThat(ViewPublishing.publishes(replayed, publishedReplayed)).isEqualTo(publishes);
  }
}
