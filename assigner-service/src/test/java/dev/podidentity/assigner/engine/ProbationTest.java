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
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Identities refused one per answer as ARM does, with a quarantine shorter than finding them all
 * takes. Once their quarantine ends they are tried apart from the target's own work, so no PATCH
 * for an identity never refused carries one of them (the chaos run that lost five identities with
 * live pods); together, so those the cloud takes again go on in one PATCH, not one each (the chaos
 * run where they converged one PATCH latency apart); and each is read first, so one that still does
 * not exist spends no PATCH (the chaos run where such refusals drew 429s ahead of valid ones).
 */
class ProbationTest {
  private final Harness h = new Harness("assigner.quarantine-retry", "2s");

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void identitiesRefusedBeforeAreTriedApartAndNeverHoldBackTheValidOnes() {
    h.cloud.namesOneRefusal = true;
    for (String ghost : List.of("ghost1", "ghost2", "ghost3")) {
      h.config(identity("default", ghost)); // valid in Kubernetes, unknown to the cloud
      h.config(binding("default", "b-" + ghost, ghost, "sel-" + ghost));
      h.pod(pod("default", "p-" + ghost, VMSS_A, "sel-" + ghost));
    }
    // Not settle(): the refused ones are tried again each time their quarantine ends, forever.
    h.time.advance(Duration.ofSeconds(30));
    int refusedSoFar = h.cloud.requests().size();

    // Past every quarantine: valid identities arrive while the refused ones are due again.
    h.time.advance(Duration.ofSeconds(10));
    for (String good : List.of("good1", "good2")) {
      h.cloud.create(idOf(good));
      h.config(identity("default", good));
      h.config(binding("default", "b-" + good, good, "sel-" + good));
      h.pod(pod("default", "p-" + good, VMSS_A, "sel-" + good));
    }
    h.time.advance(Duration.ofSeconds(30));

    assertThat(h.cloud.identitiesOn(VMSS_A))
        .containsExactlyInAnyOrder(idOf("good1"), idOf("good2"));
    Set<String> ghosts = Set.of(idOf("ghost1"), idOf("ghost2"), idOf("ghost3"));
    List<Delta> after = h.cloud.requests().subList(refusedSoFar, h.cloud.requests().size());
    assertThat(after)
        .as("a PATCH carrying an identity refused before carries no other")
        .allSatisfy(
            d -> {
              if (d.add().stream().anyMatch(ghosts::contains)) {
                assertThat(ghosts).containsAll(d.add());
                assertThat(d.remove()).isEmpty();
              }
            });
    assertThat(after)
        .anySatisfy(
            d -> assertThat(d.add()).containsExactlyInAnyOrder(idOf("good1"), idOf("good2")));
  }

  @Test
  void identitiesTheCloudTakesAgainGoOnInOnePatchAndOneStillMissingSpendsNone() {
    h.cloud.namesOneRefusal = true;
    // Each answer takes time, so a cascade quarantines its identities 300 ms apart.
    h.cloud.beforePatch(t -> h.time.advance(Duration.ofMillis(300)));
    List<String> names = List.of("ghost", "back1", "back2", "back3");
    for (String name : names) {
      h.config(identity("default", name)); // refused: unknown to the cloud, for now
      h.config(binding("default", "b-" + name, name, "sel-" + name));
      h.pod(pod("default", "p-" + name, VMSS_A, "sel-" + name));
    }
    // Until the cascade has quarantined all four, one answer at a time.
    for (int i = 0; i < 100 && h.reconciler.work(VMSS_A).quarantine.size() < names.size(); i++) {
      h.time.advance(Duration.ofMillis(100));
    }
    assertThat(h.cloud.requests()).hasSize(names.size());
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
    int refusedSoFar = h.cloud.requests().size();

    // The refusal ends (as a role assignment granted ends LinkedAuthorizationFailed) for three.
    // No input follows: the quarantine's end alone brings them back.
    h.cloud.create(idOf("back1"), idOf("back2"), idOf("back3"));
    h.time.advance(Duration.ofSeconds(10));

    Set<String> back = Set.of(idOf("back1"), idOf("back2"), idOf("back3"));
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactlyInAnyOrderElementsOf(back);
    List<Delta> after = h.cloud.requests().subList(refusedSoFar, h.cloud.requests().size());
    assertThat(after)
        .as("one PATCH for the three; the one Azure still does not have is read, never PATCHed")
        .containsExactly(adding(back.toArray(String[]::new)));
    assertThat(h.cloud.identityReads).contains(idOf("ghost"));
  }

  private static Delta adding(String... ids) {
    return new Delta(new TreeSet<>(List.of(ids)), new TreeSet<>());
  }
}
