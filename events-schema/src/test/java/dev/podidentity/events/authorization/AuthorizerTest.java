package dev.podidentity.events.authorization;

import static dev.podidentity.events.AssignmentState.ASSIGNED;
import static dev.podidentity.events.AssignmentState.CREATED;
import static dev.podidentity.events.AssignmentState.FAILED;
import static dev.podidentity.events.authorization.Fixtures.assigned;
import static dev.podidentity.events.authorization.Fixtures.assignment;
import static dev.podidentity.events.authorization.Fixtures.binding;
import static dev.podidentity.events.authorization.Fixtures.exception;
import static dev.podidentity.events.authorization.Fixtures.identity;
import static dev.podidentity.events.authorization.Fixtures.pod;
import static dev.podidentity.events.authorization.Fixtures.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per case of the NMI token contract (DESIGN.md) and invariant 1. */
class AuthorizerTest {
  static final Policy DEFAULT = new Policy(false, false, 5_000);
  static final Policy NAMESPACED = new Policy(true, false, 5_000);
  static final Policy MANAGED = new Policy(false, true, 5_000);

  static final IdentityRecord ID_A = identity("default", "id-a", "client-a");
  static final IdentityRecord ID_B = identity("default", "id-b", "client-b");
  static final IdentityRecord ID_OTHER_NS = identity("other", "id-o", "client-o");
  static final IdentityRecord FEDERATED =
      identity("default", "id-f", "client-f", IdentityType.USER_ASSIGNED_MSI, true);
  static final IdentityRecord SP =
      identity("default", "id-s", "client-s", IdentityType.SERVICE_PRINCIPAL, false);
  static final IdentityRecord UNKNOWN =
      identity("default", "id-u", "client-u", IdentityType.UNKNOWN, true);
  static final PodRecord POD = pod("uid-1", "default", "10.0.0.5", "sel");
  static final PodRecord UNBOUND = pod("uid-2", "default", "10.0.0.6", null);

  /** An assignment entry for default/id-a (binding bind-a) planned from another AzureIdentity. */
  static AssignedIdentity entryOfIdA(
      IdentityType type, String resourceId, AssignmentState state, String reason) {
    return new AssignedIdentity(
        "default", "id-a", "bind-a", type, resourceId, null, null, state, reason);
  }

  /** {@code id} with its resource id written as ARM writes it (provider segments in camel case). */
  static IdentityRecord inArmSpelling(IdentityRecord id) {
    String arm =
        id.resourceId()
            .replace("resourcegroups", "resourceGroups")
            .replace(
                "microsoft.managedidentity/userassignedidentities",
                "Microsoft.ManagedIdentity/userAssignedIdentities");
    return new IdentityRecord(
        id.schemaVersion(),
        id.namespace(),
        id.name(),
        id.type(),
        arm,
        id.clientId(),
        id.tenantId(),
        id.clientPassword(),
        id.auxiliaryTenantIds(),
        id.adResourceId(),
        id.adEndpoint(),
        id.namespaced(),
        id.federated(),
        id.valid(),
        id.invalidReason(),
        id.resourceVersion());
  }

  static TokenRequest ask(String ip) {
    return new TokenRequest(ip, "https://vault.azure.net", null, null, null);
  }

  static TokenRequest askClient(String ip, String clientId) {
    return new TokenRequest(ip, "https://vault.azure.net", clientId, null, null);
  }

  static Fixtures.Builder bound() {
    return view().with(ID_A).with(binding("default", "bind-a", "id-a", "sel")).with(POD);
  }

  static Fixtures.Builder boundTwice() {
    return bound().with(ID_B).with(binding("default", "bind-b", "id-b", "sel"));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "bound pod with ASSIGNED identity gets it",
            bound().with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED))).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "GRANT default/id-a"),
        row(
            "unknown source IP waits for the pod to appear",
            bound().view(),
            ask("10.0.0.99"),
            DEFAULT,
            "WAIT_POD"),
        row(
            "pod of another node is unknown here",
            view()
                .with(
                    pod(
                        "uid-x",
                        "default",
                        "10.0.0.7",
                        "sel",
                        "node-b",
                        false,
                        PodPhase.RUNNING,
                        false))
                .view(),
            ask("10.0.0.7"),
            DEFAULT,
            "WAIT_POD"),
        row(
            "host-network pod is refused at once",
            bound()
                .with(
                    pod(
                        "uid-h",
                        "default",
                        "10.1.0.1",
                        "sel",
                        "node-a",
                        true,
                        PodPhase.RUNNING,
                        false))
                .view(),
            ask("10.1.0.1"),
            DEFAULT,
            "DENY host_network"),
        row(
            "unbound pod is refused at once",
            bound().with(UNBOUND).view(),
            ask("10.0.0.6"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "binding to a missing identity binds nothing",
            view().with(binding("default", "bind-a", "id-a", "sel")).with(POD).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "invalid identity binds nothing",
            view()
                .with(identity("default", "id-a", "client-a", false, false))
                .with(binding("default", "bind-a", "id-a", "sel"))
                .with(POD)
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "binding deleted after assignment stops grants at once",
            bound()
                .with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED)))
                .without(binding("default", "bind-a", "id-a", "sel"))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "assignment not yet seen waits for it",
            bound().view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "assignment in progress waits for it",
            bound().with(assignment(POD, assigned(ID_A, "bind-a", CREATED))).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "a federated identity is granted without waiting for the assigner",
            view()
                .with(FEDERATED)
                .with(binding("default", "bind-f", "id-f", "sel"))
                .with(POD)
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "GRANT default/id-f"),
        row(
            "a service principal waits for the assigner, as aad-pod-identity's NMI did",
            view().with(SP).with(binding("default", "bind-s", "id-s", "sel")).with(POD).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "an identity of an unknown type waits for the assigner's verdict, marked federated or not",
            view().with(UNKNOWN).with(binding("default", "bind-u", "id-u", "sel")).with(POD).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "an object_id no federated identity can have is refused at once",
            view()
                .with(FEDERATED)
                .with(binding("default", "bind-f", "id-f", "sel"))
                .with(POD)
                .view(),
            new TokenRequest("10.0.0.5", "r", null, null, "principal-zzz"),
            DEFAULT,
            "DENY identity_not_bound"),
        row(
            "failed assignment is refused with its reason",
            bound().with(assignment(POD, assigned(ID_A, "bind-a", FAILED))).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY assignment_failed quota exceeded"),
        row(
            "a failure planned before the AzureIdentity reached the assigner waits for its next plan",
            bound()
                .with(
                    assignment(
                        POD,
                        entryOfIdA(
                            IdentityType.UNKNOWN,
                            null,
                            FAILED,
                            "AzureIdentity default/id-a named by binding bind-a does not exist")))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "an assignment planned for another resource id waits for the next plan",
            bound()
                .with(
                    assignment(
                        POD,
                        entryOfIdA(
                            IdentityType.USER_ASSIGNED_MSI,
                            "/subscriptions/sub/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/before",
                            ASSIGNED,
                            null)))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "an AzureIdentity in ARM's own spelling matches its lowercased assignment",
            view()
                .with(inArmSpelling(ID_A))
                .with(binding("default", "bind-a", "id-a", "sel"))
                .with(POD)
                .with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED)))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "GRANT default/id-a"),
        row(
            "wrong client_id is refused at once",
            bound().with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED))).view(),
            askClient("10.0.0.5", "client-zzz"),
            DEFAULT,
            "DENY identity_not_bound"),
        row(
            "client_id selects among several identities",
            boundTwice()
                .with(
                    assignment(
                        POD,
                        assigned(ID_A, "bind-a", ASSIGNED),
                        assigned(ID_B, "bind-b", ASSIGNED)))
                .view(),
            askClient("10.0.0.5", "CLIENT-B"),
            DEFAULT,
            "GRANT default/id-b"),
        row(
            "msi_res_id selects among several identities",
            boundTwice()
                .with(
                    assignment(
                        POD,
                        assigned(ID_A, "bind-a", ASSIGNED),
                        assigned(ID_B, "bind-b", ASSIGNED)))
                .view(),
            new TokenRequest("10.0.0.5", "r", null, ID_B.resourceId().toUpperCase(), null),
            DEFAULT,
            "GRANT default/id-b"),
        row(
            "object_id selects by the principal the assigner reported",
            boundTwice()
                .with(
                    assignment(
                        POD,
                        assigned(ID_A, "bind-a", ASSIGNED),
                        assigned(ID_B, "bind-b", ASSIGNED)))
                .view(),
            new TokenRequest("10.0.0.5", "r", null, null, "principal-id-b"),
            DEFAULT,
            "GRANT default/id-b"),
        row(
            "object_id not known yet waits for the assignment",
            boundTwice().with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED))).view(),
            new TokenRequest("10.0.0.5", "r", null, null, "principal-id-b"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "object_id of no bound identity is refused once all are assigned",
            boundTwice()
                .with(
                    assignment(
                        POD,
                        assigned(ID_A, "bind-a", ASSIGNED),
                        assigned(ID_B, "bind-b", ASSIGNED)))
                .view(),
            new TokenRequest("10.0.0.5", "r", null, null, "principal-zzz"),
            DEFAULT,
            "DENY identity_not_bound"),
        row(
            "no selector picks the first identity by namespace and name",
            boundTwice()
                .with(
                    assignment(
                        POD,
                        assigned(ID_B, "bind-b", ASSIGNED),
                        assigned(ID_A, "bind-a", ASSIGNED)))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "GRANT default/id-a"),
        row(
            "no selector waits for the default identity even when another is assigned",
            boundTwice().with(assignment(POD, assigned(ID_B, "bind-b", ASSIGNED))).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_ASSIGNMENT"),
        row(
            "exception label sends the pod straight to IMDS",
            view().with(exception("default", "exc", Map.of("app", "uid-2"))).with(UNBOUND).view(),
            ask("10.0.0.6"),
            DEFAULT,
            "BYPASS"),
        row(
            "exception of another namespace does not apply",
            view().with(exception("other", "exc", Map.of("app", "uid-2"))).with(UNBOUND).view(),
            ask("10.0.0.6"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "exception needs the label value too",
            view().with(exception("default", "exc", Map.of("app", "nope"))).with(UNBOUND).view(),
            ask("10.0.0.6"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "binding of another namespace counts without namespaced mode",
            view()
                .with(ID_OTHER_NS)
                .with(binding("other", "bind-o", "id-o", "sel"))
                .with(POD)
                .with(assignment(POD, assigned(ID_OTHER_NS, "bind-o", ASSIGNED)))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "GRANT other/id-o"),
        row(
            "namespaced mode ignores bindings of other namespaces",
            view()
                .with(ID_OTHER_NS)
                .with(binding("other", "bind-o", "id-o", "sel"))
                .with(POD)
                .with(assignment(POD, assigned(ID_OTHER_NS, "bind-o", ASSIGNED)))
                .view(),
            ask("10.0.0.5"),
            NAMESPACED,
            "DENY not_bound"),
        row(
            "namespaced identity annotation applies without the global flag",
            view()
                .with(identity("other", "id-o", "client-o", true, true))
                .with(binding("other", "bind-o", "id-o", "sel"))
                .with(POD)
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "managed mode grants from bindings without an assignment",
            bound().view(),
            ask("10.0.0.5"),
            MANAGED,
            "GRANT default/id-a"),
        row(
            "managed mode is always namespaced",
            view()
                .with(ID_OTHER_NS)
                .with(binding("other", "bind-o", "id-o", "sel"))
                .with(POD)
                .view(),
            ask("10.0.0.5"),
            MANAGED,
            "DENY not_bound"),
        row(
            "terminating pod is refused",
            bound()
                .with(
                    pod(
                        "uid-1",
                        "default",
                        "10.0.0.5",
                        "sel",
                        "node-a",
                        false,
                        PodPhase.RUNNING,
                        true))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY pod_not_active"),
        row(
            "deleted pod is unknown",
            bound().without(POD).view(),
            ask("10.0.0.5"),
            DEFAULT,
            "WAIT_POD"),
        row(
            "on IP reuse the newer pod wins and the old grant is gone",
            bound()
                .with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED)))
                .with(pod("uid-new", "default", "10.0.0.5", null))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "an update to the old pod does not take a reused IP back",
            bound()
                .with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED)))
                .with(pod("uid-new", "default", "10.0.0.5", null))
                .with(pod("uid-1", "default", "10.0.0.5", "sel"))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "DENY not_bound"),
        row(
            "an active pod beats a finished pod that still lists the IP",
            bound()
                .with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED)))
                .with(
                    pod(
                        "uid-old",
                        "default",
                        "10.0.0.5",
                        null,
                        "node-a",
                        false,
                        PodPhase.SUCCEEDED,
                        false))
                .view(),
            ask("10.0.0.5"),
            DEFAULT,
            "GRANT default/id-a"),
        row(
            "view not yet replayed is stale",
            new Fixtures.Builder().with(ID_A).state.snapshot(1_000L),
            ask("10.0.0.5"),
            DEFAULT,
            "STALE"));
  }

  static Arguments row(String name, View v, TokenRequest r, Policy p, String expected) {
    return Arguments.of(name, v, r, p, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(String name, View view, TokenRequest request, Policy policy, String expected) {
    assertThat(describe(Authorizer.decide(view, request, policy, 2_000L))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void viewNotConfirmedForLongerThanTheBoundFailsClosed() {
    View v = bound().with(assignment(POD, assigned(ID_A, "bind-a", ASSIGNED))).view();
    assertThat(describe(Authorizer.decide(v, ask("10.0.0.5"), DEFAULT, 1_000L + 5_000L)))
        .isEqualTo("GRANT default/id-a");
    assertThat(describe(Authorizer.decide(v, ask("10.0.0.5"), DEFAULT, 1_000L + 5_001L)))
        .isEqualTo("STALE");
  }

  static String describe(Decision d) {
    if (d instanceof Decision.Grant g) {
      return "GRANT " + g.identity().namespace() + "/" + g.identity().name();
    }
    if (d instanceof Decision.Deny deny) {
      return "DENY "
          + deny.reason().label()
          + (deny.reason() == DenyReason.ASSIGNMENT_FAILED ? " quota exceeded" : "");
    }
    if (d instanceof Decision.Bypass) {
      return "BYPASS";
    }
    if (d instanceof Decision.WaitForPod) {
      return "WAIT_POD";
    }
    if (d instanceof Decision.WaitForAssignment) {
      return "WAIT_ASSIGNMENT";
    }
    return "STALE";
  }
}
