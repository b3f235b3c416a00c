package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.VMSS_B;
import static dev.podidentity.assigner.core.Fixtures.binding;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static dev.podidentity.assigner.core.Fixtures.identity;
import static dev.podidentity.assigner.core.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner's rules as a table: config and pods in, desired reference counts out. */
class PlannerTest {

  record Case(
      String name,
      boolean namespacedMode,
      List<ConfigRecord> config,
      List<PodRecord> pods,
      Map<String, Integer> desired,
      int plannedPods) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    var id1 = identity("default", "id1");
    var b1 = binding("default", "b1", "id1", "sel1");
    return Stream.of(
            new Case(
                "a bound running pod references its identity once",
                false,
                List.of(id1, b1),
                List.of(pod("default", "p1", VMSS_A, "sel1")),
                Map.of(idOf("id1"), 1),
                1),
            new Case(
                "two pods on one target count two references",
                false,
                List.of(id1, b1),
                List.of(pod("default", "p1", VMSS_A, "sel1"), pod("default", "p2", VMSS_A, "sel1")),
                Map.of(idOf("id1"), 2),
                2),
            new Case(
                "a pod on another target does not count here",
                false,
                List.of(id1, b1),
                List.of(pod("default", "p1", VMSS_B, "sel1")),
                Map.of(),
                0),
            new Case(
                "succeeded, failed and deleting pods hold nothing",
                false,
                List.of(id1, b1),
                List.of(
                    pod("default", "done", VMSS_A, "sel1", PodPhase.SUCCEEDED, false),
                    pod("default", "crashed", VMSS_A, "sel1", PodPhase.FAILED, false),
                    pod("default", "going", VMSS_A, "sel1", PodPhase.RUNNING, true)),
                Map.of(),
                0),
            new Case(
                "a pending scheduled pod already counts",
                false,
                List.of(id1, b1),
                List.of(pod("default", "p1", VMSS_A, "sel1", PodPhase.PENDING, false)),
                Map.of(idOf("id1"), 1),
                1),
            new Case(
                "a pod without the label or with another selector is not bound",
                false,
                List.of(id1, b1),
                List.of(pod("default", "p1", VMSS_A, null), pod("default", "p2", VMSS_A, "other")),
                Map.of(),
                0),
            new Case(
                "two bindings with one selector give a pod two identities",
                false,
                List.of(
                    id1, b1, identity("default", "id2"), binding("default", "b2", "id2", "sel1")),
                List.of(pod("default", "p1", VMSS_A, "sel1")),
                Map.of(idOf("id1"), 1, idOf("id2"), 1),
                1),
            new Case(
                "two bindings of one pod to one identity are one reference",
                false,
                List.of(id1, b1, binding("default", "b1-again", "id1", "sel1")),
                List.of(pod("default", "p1", VMSS_A, "sel1")),
                Map.of(idOf("id1"), 1),
                1),
            new Case(
                "by default a pod in another namespace matches the binding",
                false,
                List.of(id1, b1),
                List.of(pod("other", "p1", VMSS_A, "sel1")),
                Map.of(idOf("id1"), 1),
                1),
            new Case(
                "namespaced mode requires the pod in the binding's namespace",
                true,
                List.of(id1, b1),
                List.of(pod("other", "p1", VMSS_A, "sel1"), pod("default", "p2", VMSS_A, "sel1")),
                Map.of(idOf("id1"), 1),
                1),
            new Case(
                "the identity's namespaced annotation acts like namespaced mode",
                false,
                List.of(Fixtures.namespacedIdentity("default", "id1"), b1),
                List.of(pod("other", "p1", VMSS_A, "sel1")),
                Map.of(),
                0),
            new Case(
                "a binding names an identity in its own namespace",
                false,
                List.of(identity("elsewhere", "id1"), b1),
                List.of(pod("default", "p1", VMSS_A, "sel1")),
                Map.of(),
                1),
            new Case(
                "a service principal identity needs no cloud assignment",
                false,
                List.of(Fixtures.servicePrincipal("default", "id1"), b1),
                List.of(pod("default", "p1", VMSS_A, "sel1")),
                Map.of(),
                1),
            new Case(
                "a federated identity needs no cloud assignment",
                false,
                List.of(Fixtures.federated("default", "id1"), b1),
                List.of(pod("default", "p1", VMSS_A, "sel1")),
                Map.of(),
                1),
            new Case(
                "an invalid identity is planned as failed and never sent",
                false,
                List.of(Fixtures.invalidIdentity("default", "id1", "bad resourceID"), b1),
                List.of(pod("default", "p1", VMSS_A, "sel1")),
                Map.of(),
                1))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansReferenceCounts(Case c) {
    AssignerState state = new AssignerState();
    c.config().forEach(r -> state.config(r.key(), r));
    c.pods().forEach(p -> state.pod(Keys.of(p), p));

    TargetPlan plan = state.plan(new Planner(c.namespacedMode()), VMSS_A);

    assertThat(plan.desired()).containsExactlyInAnyOrderEntriesOf(c.desired());
    assertThat(plan.pods()).hasSize(c.plannedPods());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failuresCarryAReasonAndAreNeverDesired(Case c) {
    AssignerState state = new AssignerState();
    c.config().forEach(r -> state.config(r.key(), r));
    c.pods().forEach(p -> state.pod(Keys.of(p), p));

    TargetPlan plan = state.plan(new Planner(c.namespacedMode()), VMSS_A);

    plan.pods().stream()
        .flatMap(p -> p.identities().stream())
        .filter(i -> i.failure() != null)
        .forEach(
            i -> {
              assertThat(i.failure()).contains(i.identity().toString());
              assertThat(i.needsCloud()).isFalse();
            });
  }
}
