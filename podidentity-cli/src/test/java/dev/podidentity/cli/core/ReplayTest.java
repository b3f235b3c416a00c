package dev.podidentity.cli.core;

import static dev.podidentity.cli.core.Events.POOL_A;
import static dev.podidentity.cli.core.Events.POOL_B;
import static dev.podidentity.cli.core.Events.VM;
import static dev.podidentity.cli.core.Events.assigned;
import static dev.podidentity.cli.core.Events.assignment;
import static dev.podidentity.cli.core.Events.binding;
import static dev.podidentity.cli.core.Events.deleting;
import static dev.podidentity.cli.core.Events.exception;
import static dev.podidentity.cli.core.Events.id;
import static dev.podidentity.cli.core.Events.identity;
import static dev.podidentity.cli.core.Events.ledger;
import static dev.podidentity.cli.core.Events.node;
import static dev.podidentity.cli.core.Events.pod;
import static dev.podidentity.cli.core.Events.replay;
import static dev.podidentity.events.AssignmentState.ASSIGNED;
import static dev.podidentity.events.AssignmentState.CREATED;
import static dev.podidentity.events.AssignmentState.FAILED;
import static dev.podidentity.events.PodPhase.PENDING;
import static dev.podidentity.events.PodPhase.RUNNING;
import static dev.podidentity.events.PodPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Event;
import dev.podidentity.events.LedgerRecord;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplayTest {
  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("nothing read", new Event[] {}, Map.of("nodes", 0L, "unreadable values", 0L)),
        Arguments.of(
            "nodes and pods by activity",
            new Event[] {
              node("n-1", POOL_A),
              node("n-2", POOL_B),
              pod("u1", "n-1", POOL_A, RUNNING, "web"),
              pod("u2", "n-1", POOL_A, PENDING, null),
              pod("u3", "n-2", POOL_B, SUCCEEDED, "web"),
              deleting(pod("u4", "n-2", POOL_B, RUNNING, "web"))
            },
            Map.of("nodes", 2L, "pods (active)", 2L, "pods (finished)", 2L)),
        Arguments.of(
            "each config kind",
            new Event[] {
              identity("a"),
              identity("b"),
              binding("a-binding", "a", "web"),
              exception("skip", Map.of("app", "dns"))
            },
            Map.of(
                "AzureIdentity", 2L, "AzureIdentityBinding", 1L, "AzurePodIdentityException", 1L)),
        Arguments.of(
            "pod identities by state, ledgers, unreadable values",
            new Event[] {
              assignment("u1", POOL_A, assigned("a", ASSIGNED), assigned("b", FAILED)),
              assignment("u2", POOL_A, assigned("a", CREATED)),
              ledger(POOL_A, null, "a"),
              null,
              null
            },
            Map.of(
                "assignment records", 2L,
                "pod identities CREATED", 1L,
                "pod identities ASSIGNED", 1L,
                "pod identities FAILED", 1L,
                "ledgers", 1L,
                "unreadable values", 2L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void countsEveryKindFromTheLatestValues(String name, Event[] events, Map<String, Long> expected) {
    assertThat(replay(events).counts()).containsAllEntriesOf(expected);
  }

  @Test
  void eachTargetSumsItsNodesActivePodsAndIdentitiesFromRecordsAndLedger() {
    LedgerRecord.Intent intent = new LedgerRecord.Intent("op-7", List.of(id("c")), List.of());
    Replay r =
        replay(
            node("n-1", POOL_A),
            node("n-2", POOL_A),
            node("vm", VM),
            pod("u1", "n-1", POOL_A, RUNNING, "web"),
            pod("u2", "n-2", POOL_A, SUCCEEDED, "web"),
            assignment("u1", POOL_A, assigned("a", ASSIGNED), assigned("b", CREATED)),
            assignment("u3", POOL_A, assigned("a", ASSIGNED), assigned("c", FAILED)),
            ledger(POOL_A, null, "a", "old"),
            ledger(POOL_B, intent));

    assertThat(r.targets())
        .containsExactly(
            target(POOL_A, 2, 1, List.of("a", "b", "c"), List.of("a"), List.of("a", "old"), null),
            target(POOL_B, 0, 0, List.of(), List.of(), List.of(), intent),
            target(VM, 1, 0, List.of(), List.of(), List.of(), null));
  }

  private static Replay.Target target(
      dev.podidentity.events.ComputeTarget t,
      int nodes,
      int pods,
      List<String> desired,
      List<String> assigned,
      List<String> owned,
      LedgerRecord.Intent intent) {
    return new Replay.Target(t, nodes, pods, ids(desired), ids(assigned), ids(owned), intent);
  }

  private static java.util.SortedSet<String> ids(List<String> names) {
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    names.forEach(n -> ids.add(id(n)));
    return ids;
  }

  @Test
  void theTargetsTableNamesEachTargetByGroupAndNameWithTheOperationInFlight() {
    Replay r =
        replay(
            node("n-1", POOL_A),
            ledger(POOL_B, new LedgerRecord.Intent("op-1", List.of(id("a")), List.of()), "x"));

    assertThat(r.targetsTable().lines())
        .containsExactly(
            "TARGET      KIND   NODES   ACTIVE PODS   DESIRED   ASSIGNED   OWNED   IN FLIGHT",
            "rg/pool-a   vmss   1       0             0         0          0       <none>",
            "rg/pool-b   vmss   0       0             0         0          1       +1 -0 (op-1)");
  }

  @Test
  void theDocumentCarriesCountsAndFullIds() {
    Map<String, Object> doc = replay(node("n-1", POOL_A), ledger(POOL_A, null, "a")).document();

    assertThat(doc).containsKeys("counts", "targets");
    assertThat(doc.get("targets").toString()).contains(POOL_A.armId()).contains(id("a"));
  }
}
