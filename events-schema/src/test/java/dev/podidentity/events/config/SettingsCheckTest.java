package dev.podidentity.events.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {
  @Test
  void goodSettingsPass() {
    assertThatCode(
            () ->
                SettingsCheck.of("x")
                    .positive(Duration.ofSeconds(1), "x.a")
                    .positiveOrOff(Duration.ZERO, "x.b")
                    .atLeast(1, 1, "x.c")
                    .notBlank("v", "x.d")
                    .require(true, "never")
                    .orThrow())
        .doesNotThrowAnyException();
  }

  @Test
  void everyProblemIsNamedAtOnceInOrder() {
    SettingsCheck c =
        SettingsCheck.of("assigner")
            .positive(Duration.ZERO, "assigner.a")
            .positive(Duration.ofSeconds(-1), "assigner.b")
            .positive(null, "assigner.c")
            .positiveOrOff(Duration.ofMillis(-1), "assigner.d")
            .atLeast(0, 1, "assigner.e")
            .notBlank(" ", "assigner.f")
            .require(false, "assigner.g must be shorter than assigner.h");

    assertThat(c.problems())
        .containsExactly(
            "assigner.a must be > 0",
            "assigner.b must be > 0",
            "assigner.c must be > 0",
            "assigner.d must be 0 (off) or > 0",
            "assigner.e must be >= 1, was 0",
            "assigner.f must be set",
            "assigner.g must be shorter than assigner.h");
    assertThatThrownBy(c::orThrow)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid assigner configuration: assigner.a must be > 0; ")
        .hasMessageEndingWith("; assigner.g must be shorter than assigner.h");
  }
}
