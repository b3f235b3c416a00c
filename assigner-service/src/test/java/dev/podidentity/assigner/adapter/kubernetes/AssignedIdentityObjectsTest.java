package dev.podidentity.assigner.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our objects as aad-pod-identity users know them, and which objects claim an identity. */
class AssignedIdentityObjectsTest {
  static final ComputeTarget VMSS = ComputeTarget.scaleSet("sub", "rg", "vmss");
  static final String ID =
      "/subscriptions/sub/resourcegroups/rg/providers/"
          + "microsoft.managedidentity/userassignedidentities/id1";

  static AssignedIdentity identity(AssignmentState state) {
    return new AssignedIdentity(
        "apps",
        "id1",
        "bind1",
        IdentityType.USER_ASSIGNED_MSI,
        ID,
        "client-1",
        "p",
        state,
        state == AssignmentState.FAILED ? "refused" : null);
  }

  static AssignmentRecord pod(AssignedIdentity i) {
    return new AssignmentRecord(1, "uid", "apps", "web-0", "node-0", VMSS, List.of(i));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String... path) {
    Object v = o;
    for (String k : path) {
      v = ((Map<String, Object>) v).get(k);
    }
    return (Map<String, Object>) v;
  }

  @Test
  void namedAndPlacedAsAadPodIdentityDid() {
    AssignedIdentity i = identity(AssignmentState.ASSIGNED);

    GenericKubernetesResource standard = AssignedIdentityObjects.of(false, pod(i), i, true);
    GenericKubernetesResource namespaced = AssignedIdentityObjects.of(true, pod(i), i, true);

    assertThat(standard.getMetadata().getName()).isEqualTo("web-0-apps-id1");
    assertThat(standard.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(namespaced.getMetadata().getNamespace()).isEqualTo("apps");
    assertThat(standard.getMetadata().getLabels()).containsEntry("nodename", "node-0");
    Map<String, Object> spec = map(standard.getAdditionalProperties(), "spec");
    assertThat(map(spec, "azureIdentityRef"))
        .containsEntry("apiVersion", "aadpodidentity.k8s.io/v1")
        .containsEntry("kind", "AzureIdentity");
    assertThat(map(spec, "azureIdentityRef", "spec"))
        .containsEntry("type", 0)
        .containsEntry("resourceID", ID)
        .containsEntry("clientID", "client-1");
    assertThat(map(spec, "azureBindingRef")).containsEntry("kind", "AzureIdentityBinding");
    assertThat(spec)
        .containsEntry("pod", "web-0")
        .containsEntry("podNamespace", "apps")
        .containsEntry("nodename", "node-0");
  }

  @Test
  void everyStateIsVisibleIncludingFailure() {
    for (var e :
        Map.of(
                AssignmentState.CREATED, "Created",
                AssignmentState.ASSIGNED, "Assigned",
                AssignmentState.FAILED, "Failed")
            .entrySet()) {
      AssignedIdentity i = identity(e.getKey());
      assertThat(
              map(
                  AssignedIdentityObjects.of(false, pod(i), i, false).getAdditionalProperties(),
                  "status"))
          .containsEntry("status", e.getValue());
    }
  }

  @Test
  void onlyAnAssignmentByAControllerIsAClaim() {
    AssignedIdentity assigned = identity(AssignmentState.ASSIGNED);
    GenericKubernetesResource added =
        AssignedIdentityObjects.of(false, pod(assigned), assigned, true);
    GenericKubernetesResource found =
        AssignedIdentityObjects.of(false, pod(assigned), assigned, false);
    GenericKubernetesResource aad =
        AssignedIdentityObjects.of(false, pod(assigned), assigned, true);
    aad.getMetadata().setAnnotations(null);
    AssignedIdentity created = identity(AssignmentState.CREATED);
    GenericKubernetesResource pending =
        AssignedIdentityObjects.of(false, pod(created), created, true);

    assertThat(AssignedIdentityClaims.claimedIdentity(added)).isEqualTo(ID);
    assertThat(AssignedIdentityClaims.claimedIdentity(aad)).isEqualTo(ID);
    assertThat(AssignedIdentityClaims.claimedIdentity(found)).isNull();
    assertThat(AssignedIdentityClaims.claimedIdentity(pending)).isNull();
    assertThat(AssignedIdentityClaims.claimedByAnotherController(aad)).isTrue();
    assertThat(AssignedIdentityClaims.claimedByAnotherController(added)).isFalse();
  }

  @Test
  void aServicePrincipalIsNeverClaimed() {
    AssignedIdentity sp =
        new AssignedIdentity(
            "apps",
            "sp",
            "bind",
            IdentityType.SERVICE_PRINCIPAL,
            null,
            "client",
            null,
            AssignmentState.ASSIGNED,
            null);

    assertThat(
            AssignedIdentityClaims.claimedIdentity(
                AssignedIdentityObjects.of(false, pod(sp), sp, true)))
        .isNull();
  }
}
