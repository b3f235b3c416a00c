package dev.podidentity.watcher.core;

import static dev.podidentity.watcher.core.Fixtures.UAMI;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.SecretRef;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectionsTest {

  static Stream<Arguments> identities() {
    return Stream.of(
        Arguments.of("user-assigned id in any case", "0", UAMI.toUpperCase(), true, null),
        Arguments.of("missing type means user-assigned", null, UAMI, true, null),
        Arguments.of("type 0 without resourceID", "0", null, false, "needs spec.resourceID"),
        Arguments.of(
            "type 0 with a VM id",
            "0",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
            false,
            "is not a user-assigned identity id"),
        Arguments.of(
            "type 0 with a trailing segment",
            "0",
            UAMI + "/extra",
            false,
            "is not a user-assigned identity id"),
        Arguments.of("type that is not a number", "abc", UAMI, false, "spec.type 'abc'"),
        Arguments.of("type out of range", "7", UAMI, false, "spec.type '7'"),
        Arguments.of(
            "service principal without tenant", "1", null, false, "needs spec.clientID and"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identities")
  void validatesAzureIdentities(
      String description, String type, String resourceId, boolean valid, String reason) {
    IdentityRecord r = Projections.identity(Fixtures.identity("demo", type, resourceId));

    assertThat(r.valid()).isEqualTo(valid);
    if (reason == null) {
      assertThat(r.invalidReason()).isNull();
    } else {
      assertThat(r.invalidReason()).contains(reason);
    }
  }

  static Stream<Arguments> federatedAnnotations() {
    String key = IdentityRecord.FEDERATED_ANNOTATION;
    return Stream.of(
        Arguments.of("no annotation", "0", Map.of(), "client-1", true, false, null),
        Arguments.of("type 0, true", "0", Map.of(key, "true"), "client-1", true, true, null),
        Arguments.of(
            "missing type, True", null, Map.of(key, " True"), "client-1", true, true, null),
        Arguments.of("type 0, false", "0", Map.of(key, "false"), "client-1", true, false, null),
        Arguments.of(
            "type 0, a value that is no boolean",
            "0",
            Map.of(key, "yes"),
            "client-1",
            false,
            false,
            "must be \"true\" or \"false\""),
        Arguments.of(
            "type 0 without a client id",
            "0",
            Map.of(key, "true"),
            null,
            false,
            true,
            "a federated identity needs spec.clientID"),
        Arguments.of(
            "service principal",
            "1",
            Map.of(key, "true"),
            "client-1",
            false,
            true,
            "only valid on a type 0 (user-assigned identity), not on spec.type '1'"),
        Arguments.of(
            "service principal certificate",
            "2",
            Map.of(key, "true"),
            "client-1",
            false,
            true,
            "not on spec.type '2'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("federatedAnnotations")
  void projectsTheFederatedAnnotationOnlyOnUserAssignedIdentities(
      String description,
      String type,
      Map<String, String> annotations,
      String clientId,
      boolean valid,
      boolean federated,
      String reason) {
    IdentityRecord r =
        Projections.identity(Fixtures.identity("demo", type, UAMI, clientId, annotations));

    assertThat(r.valid()).isEqualTo(valid);
    assertThat(r.federated()).isEqualTo(federated);
    if (reason == null) {
      assertThat(r.invalidReason()).isNull();
    } else {
      assertThat(r.invalidReason()).contains(reason);
    }
  }

  @Test
  void aValidFederatedIdentityNeedsNoCloudAssignment() {
    IdentityRecord r =
        Projections.identity(
            Fixtures.identity(
                "demo",
                "0",
                UAMI,
                "client-1",
                Map.of(IdentityRecord.FEDERATED_ANNOTATION, "true")));

    assertThat(r.needsCloudAssignment()).isFalse();
    assertThat(Projections.identity(Fixtures.identity("demo", "0", UAMI)).needsCloudAssignment())
        .isTrue();
  }

  @Test
  void aPodCarriesItsServiceAccountAndOneNamingNoneHasTheDefault() {
    NodeRecord node = Projections.node(Fixtures.node("n1"));
    PodInput pod = Fixtures.pod("u", "n1", "10.0.0.1", "Running", "1");

    assertThat(Projections.pod(Fixtures.withServiceAccount(pod, "web"), node).serviceAccount())
        .isEqualTo("web");
    assertThat(Projections.pod(Fixtures.withServiceAccount(pod, null), node).serviceAccount())
        .isEqualTo("default");
    assertThat(Projections.pod(Fixtures.withServiceAccount(pod, " "), node).serviceAccount())
        .isEqualTo("default");
  }

  @Test
  void servicePrincipalWithSecretInItsOwnNamespaceIsValid() {
    IdentityInput in =
        new IdentityInput(
            Fixtures.ref("AzureIdentity", "sp"),
            "1",
            null,
            "client",
            "tenant",
            "sp-secret",
            null,
            List.of("aux-1", " "),
            "https://management.azure.com/",
            null,
            Map.of(Projections.BEHAVIOR_ANNOTATION, "namespaced"),
            "3",
            null);

    IdentityRecord r = Projections.identity(in);

    assertThat(r.valid()).isTrue();
    assertThat(r.type()).isEqualTo(IdentityType.SERVICE_PRINCIPAL);
    assertThat(r.clientPassword()).isEqualTo(new SecretRef("default", "sp-secret"));
    assertThat(r.auxiliaryTenantIds()).containsExactly("aux-1");
    assertThat(r.namespaced()).isTrue();
  }

  @Test
  void unreadableIdentityIsPublishedInvalidWithTheReadError() {
    IdentityRecord r =
        Projections.identity(
            IdentityInput.unreadable(Fixtures.ref("AzureIdentity", "x"), "1", "bad spec"));

    assertThat(r.valid()).isFalse();
    assertThat(r.invalidReason()).isEqualTo("bad spec");
    assertThat(r.type()).isEqualTo(IdentityType.USER_ASSIGNED_MSI);
  }

  static Stream<Arguments> bindings() {
    return Stream.of(
        Arguments.of("complete", "demo", "sel", true, null),
        Arguments.of("no selector", "demo", null, false, "no spec.selector"),
        Arguments.of("blank selector", "demo", "  ", false, "no spec.selector"),
        Arguments.of("no identity", null, "sel", false, "no spec.azureIdentity"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindings")
  void validatesBindings(
      String description, String identity, String selector, boolean valid, String reason) {
    BindingRecord r = Projections.binding(Fixtures.binding("b", identity, selector));

    assertThat(r.valid()).isEqualTo(valid);
    if (reason != null) {
      assertThat(r.invalidReason()).contains(reason);
    }
  }

  @Test
  void invalidBindingComesWithAWarningOnTheObject() {
    BindingRecord r = Projections.binding(Fixtures.binding("b", "demo", null));
    ObjectRef ref = Fixtures.ref("AzureIdentityBinding", "b");

    assertThat(Projections.warningFor(r, ref, null))
        .isEqualTo(new Warning(ref, Warning.INVALID_BINDING, r.invalidReason()));
  }

  @Test
  void anEagerAnnotationIsCarriedNormalised() {
    BindingInput in = Fixtures.binding("b", "demo", "sel");
    BindingInput eager =
        new BindingInput(in.ref(), "demo", "sel", "Pool2,pool1", in.resourceVersion(), null);

    BindingRecord r = Projections.binding(eager);

    assertThat(r.eager()).isEqualTo("pool1,pool2");
    assertThat(Projections.warningFor(eager, r)).isNull();
  }

  @Test
  void anUnreadableEagerAnnotationLeavesTheBindingWorkingWithAWarning() {
    BindingInput in = Fixtures.binding("b", "demo", "sel");
    BindingInput typo =
        new BindingInput(in.ref(), "demo", "sel", "pool 1", in.resourceVersion(), null);

    BindingRecord r = Projections.binding(typo);

    assertThat(r.valid()).isTrue();
    assertThat(r.eager()).isNull();
    Warning w = Projections.warningFor(typo, r);
    assertThat(w.reason()).isEqualTo(Warning.INVALID_EAGER);
    assertThat(w.message()).contains("'pool 1'").contains("the binding is not eager");
  }

  @Test
  void aNodeCarriesItsPool() {
    NodeInput n = Fixtures.node("n1");
    NodeRecord r = Projections.node(new NodeInput(n.name(), n.providerId(), "nodepool1", "1"));

    assertThat(r.pool()).isEqualTo("nodepool1");
    assertThat(ChangeFilter.same(r, Projections.node(n))).as("a pool change is a change").isFalse();
  }

  @Test
  void unscheduledPodHasNoRecord() {
    assertThat(Projections.pod(Fixtures.pod("u1", null, null, "Pending", "1"), null)).isNull();
  }

  @Test
  void scheduledPodTakesItsNodesTarget() {
    NodeRecord node = Projections.node(Fixtures.node("n1"));

    PodRecord pod = Projections.pod(Fixtures.pod("u1", "n1", "10.0.0.1", "Running", "5"), node);

    assertThat(pod.target()).isEqualTo(node.target());
    assertThat(pod.podIps()).containsExactly("10.0.0.1");
    assertThat(pod.bindingSelector()).isEqualTo("demo");
  }

  @Test
  void nodeWithUnparseableProviderIdIsUnmanagedWithTheReason() {
    NodeRecord node = Projections.node(new NodeInput("kind-node", "kind://docker/x", "1"));

    assertThat(node.managed()).isFalse();
    assertThat(node.unmanagedReason()).contains("not an Azure id");
  }
}
