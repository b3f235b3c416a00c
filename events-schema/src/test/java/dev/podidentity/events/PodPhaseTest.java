package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodPhaseTest {
  static Stream<Arguments> phases() {
    return Stream.of(
        Arguments.of(null, PodPhase.PENDING),
        Arguments.of(" ", PodPhase.PENDING),
        Arguments.of("Pending", PodPhase.PENDING),
        Arguments.of("Running", PodPhase.RUNNING),
        Arguments.of("Succeeded", PodPhase.SUCCEEDED),
        Arguments.of("Failed", PodPhase.FAILED),
        Arguments.of("Unknown", PodPhase.UNKNOWN),
        Arguments.of("Evicted", PodPhase.UNKNOWN));
  }

  @ParameterizedTest(name = "the API's phase {0} reads as {1}")
  @MethodSource("phases")
  void readsTheApisSpelling(String phase, PodPhase expected) {
    assertThat(PodPhase.ofApi(phase)).isEqualTo(expected);
  }
}
