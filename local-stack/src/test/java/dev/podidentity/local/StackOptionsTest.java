package dev.podidentity.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each {@code with*} changes its own field and keeps the rest; a copy is checked as a new one. */
class StackOptionsTest {
  private final StackOptions base = StackOptions.defaults(Path.of("/repo"));

  @Test
  void eachWithChangesOnlyItsField() {
    StackOptions changed =
        base.withNodes(4)
            .withScaleSets(2)
            .withRunDir(Path.of("/run"))
            .withKubeconfig(Path.of("/kube"))
            .withPatchLatency(Duration.ofSeconds(5))
            .withTimeScale(30)
            .withImmutableIdentities(List.of("kubelet"))
            .withKafkaSecurity(StackOptions.KafkaSecurity.SCRAM)
            .withEnv("nmi", "NMI_PREFETCH_ENABLED", "true")
            .withEnv("nmi", "NMI_NAMESPACED", "true");

    assertThat(changed)
        .isEqualTo(
            new StackOptions(
                Path.of("/repo"),
                Path.of("/run"),
                4,
                2,
                Optional.of(Path.of("/kube")),
                Duration.ofSeconds(5),
                30,
                List.of("kubelet"),
                Map.of("nmi", Map.of("NMI_PREFETCH_ENABLED", "true", "NMI_NAMESPACED", "true")),
                base.out(),
                StackOptions.KafkaSecurity.SCRAM));
    assertThat(base.nodes()).as("the original is unchanged").isEqualTo(2);
  }

  @Test
  void aCopyIsCheckedAsANewOne() {
    assertThatThrownBy(() -> base.withScaleSets(3))
        .hasMessageContaining("--scale-sets must be 1..2");
  }
}
