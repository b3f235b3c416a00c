package dev.podidentity.local.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressAndTailTest {

  @Test
  void progressLineNamesStepPartAddressAndTime() {
    assertThat(
            Progress.up(3, 7, "Azure simulator", "https://127.0.0.1:8443", Duration.ofMillis(640)))
        .isEqualTo("[3/7] Azure simulator ... up on https://127.0.0.1:8443 (0.6 s)");
  }

  @Test
  void tailKeepsTheLastLines() {
    assertThat(Tail.of(List.of("a", "b", "c"), 2)).containsExactly("b", "c");
    assertThat(Tail.of(List.of("a"), 5)).containsExactly("a");
    assertThat(Tail.of(List.of("a"), 0)).isEmpty();
  }
}
