package dev.podidentity.assigner.engine;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.binding;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static dev.podidentity.assigner.core.Fixtures.identity;
import static dev.podidentity.assigner.core.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.assigner.core.Delta;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Identities that do not exist, refused one per answer as ARM does, with a quarantine shorter than
 * finding them all takes: the chaos run that lost five identities with live pods. Once their
 * quarantine ends they are tried alone, so no PATCH that adds a valid identity carries one of them
 * again, and the valid identities go on.
 */
class ProbationTest {
  private final Harness h = new Harness("assigner.quarantine-retry", "2s");

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void identitiesRefusedBeforeAreTriedAloneAndNeverHoldBackTheValidOnes() {
    h.cloud.namesOneRefusal = true;
    for (String ghost : List.of("ghost1", "ghost2", "ghost3")) {
      h.config(identity("default", ghost)); // valid in Kubernetes, unknown to the cloud
      h.config(binding("default", "b-" + ghost, ghost, "sel-" + ghost));
      h.pod(pod("default", "p-" + ghost, VMSS_A, "sel-" + ghost));
    }
    h.settle();
    int refusedSoFar = h.cloud.requests().size();

    // Past every quarantine: valid identities arrive while the refused ones are due again.
    h.time.advance(Duration.ofSeconds(10));
    for (String good : List.of("good1", "good2")) {
      h.cloud.create(idOf(good));
      h.config(identity("default", good));
      h.config(binding("default", "b-" + good, good, "sel-" + good));
      h.pod(pod("default", "p-" + good, VMSS_A, "sel-" + good));
    }
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A))
        .containsExactlyInAnyOrder(idOf("good1"), idOf("good2"));
    Set<String> ghosts = Set.of(idOf("ghost1"), idOf("ghost2"), idOf("ghost3"));
    List<Delta> after = h.cloud.requests().subList(refusedSoFar, h.cloud.requests().size());
    assertThat(after)
        .as("a PATCH carrying an identity refused before carries nothing else")
        .allSatisfy(
            d -> {
              if (d.add().stream().anyMatch(ghosts::contains)) {
                assertThat(d.add()).hasSize(1);
                assertThat(d.remove()).isEmpty();
              }
            });
    assertThat(after)
        .anySatisfy(
            d -> assertThat(d.add()).containsExactlyInAnyOrder(idOf("good1"), idOf("good2")));
  }
}
