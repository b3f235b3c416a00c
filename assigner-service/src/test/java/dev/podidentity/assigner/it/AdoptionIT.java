package dev.podidentity.assigner.it;

import static dev.podidentity.assigner.it.AssignerIT.binding;
import static dev.podidentity.assigner.it.AssignerIT.identity;
import static dev.podidentity.assigner.it.AssignerIT.lower;
import static dev.podidentity.assigner.it.AssignerIT.onTarget;
import static dev.podidentity.assigner.it.AssignerIT.pod;
import static dev.podidentity.assigner.it.AssignerIT.scaleSet;
import static dev.podidentity.assigner.it.AssignerIT.selector;
import static dev.podidentity.assigner.it.AssignerIT.sim;
import static dev.podidentity.assigner.it.AssignerIT.states;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.podidentity.assigner.AssignerService;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.TopicRecords;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Taking over from aad-pod-identity: the identities its controller added, as its
 * AzureAssignedIdentity objects show them, are adopted and removed when their last pod goes; an
 * identity no object accounts for stays. The objects are aad-pod-identity's own shape, on the
 * Kubernetes test server; the scale set is the simulator's, reached through the real Azure SDK.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class AdoptionIT extends DrivenByEvents {
  static final Duration LONG = AssignerIT.LONG;
  static final ResourceDefinitionContext ASSIGNED = AssignerIT.ASSIGNED;

  @Inject AssignerService assigner;
  @Inject KubernetesClient kubernetes;

  @Test
  void whatAadAddedIsAdoptedAndGoesWithItsLastPodWhileWhatWasThereBeforeStays() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord aadAdded = identity("aad-added-" + vmss.name());
    IdentityRecord before = identity("before-" + vmss.name());
    // The cluster as aad-pod-identity left it: both identities on the scale set, an object for the
    // one its controller assigned to a pod, none for the one that was there before.
    sim()
        .admin()
        .assignIdentities(vmss.armId(), List.of(aadAdded.resourceId(), before.resourceId()), false);
    String sel = selector();
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);
    node(p.nodeName(), vmss, 0);
    aadObject(p, aadAdded, "Assigned");
    AssignerIT.driver.config(aadAdded);
    AssignerIT.driver.config(binding(aadAdded.name(), sel));
    AssignerIT.driver.pod(p);
    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    // The assigner writes its own object for the pod over aad's (same name); it did not add the
    // identity, but aad's claim stays on the object.
    await()
        .atMost(LONG)
        .until(
            () -> {
              GenericKubernetesResource o =
                  kubernetes
                      .genericKubernetesResources(ASSIGNED)
                      .inNamespace("default")
                      .withName(p.name() + "-" + p.namespace() + "-" + aadAdded.name())
                      .get();
              Map<String, String> a = o == null ? null : o.getMetadata().getAnnotations();
              return a != null && a.containsKey("podidentity.k8s.io/added");
            });
    assertThat(
            kubernetes
                .genericKubernetesResources(ASSIGNED)
                .inNamespace("default")
                .withName(p.name() + "-" + p.namespace() + "-" + aadAdded.name())
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry("podidentity.k8s.io/added", "true");

    assertThat(assigner.pipeline().adopt()).isGreaterThanOrEqualTo(1);
    await().atMost(LONG).until(() -> owned(vmss).contains(lower(aadAdded.resourceId())));
    AssignerIT.driver.podGone(p);

    await().atMost(LONG).until(() -> !onTarget(vmss).contains(lower(aadAdded.resourceId())));
    assertThat(onTarget(vmss)).containsExactly(lower(before.resourceId()));
    assertThat(owned(vmss)).isEmpty();
  }

  @Test
  void objectsThatShowNoAssignmentByAControllerClaimNothing() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord claimed = identity("claimed-" + vmss.name());
    IdentityRecord created = identity("created-" + vmss.name());
    IdentityRecord found = identity("found-" + vmss.name());
    sim()
        .admin()
        .assignIdentities(
            vmss.armId(),
            List.of(claimed.resourceId(), created.resourceId(), found.resourceId()),
            false);
    PodRecord gone = pod("gone-" + vmss.name(), vmss, 1, selector());
    node(gone.nodeName(), vmss, 1);
    // aad-pod-identity assigned this one to a pod that is gone since: adopted, then removed.
    aadObject(gone, claimed, "Assigned");
    // Its controller had not assigned this one yet.
    aadObject(gone, created, "Created");
    // This assigner found this one on the target: it says so on its object.
    GenericKubernetesResource ours = aadObject(gone, found, "Assigned");
    ours.getMetadata().setAnnotations(Map.of("podidentity.k8s.io/added", "false"));
    kubernetes.genericKubernetesResources(ASSIGNED).resource(ours).update();

    // As an operator asks for it: on the management port.
    given()
        .post("/adopt")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("claimed", greaterThanOrEqualTo(1));

    // One run adopts what is claimed and removes it in one PATCH: had the others been claimed,
    // they would have gone in the same request.
    await().atMost(LONG).until(() -> !onTarget(vmss).contains(lower(claimed.resourceId())));
    assertThat(onTarget(vmss))
        .containsExactlyInAnyOrder(lower(created.resourceId()), lower(found.resourceId()));
    assertThat(sim().admin().computeCount(vmss.name(), "PATCH")).isEqualTo(1);
  }

  @Test
  void onlyAPostAdopts() {
    given().get("/adopt").then().statusCode(405);
  }

  /** The node a pod runs on, with its provider id, as the cloud provider registers it. */
  void node(String name, ComputeTarget vmss, int instance) {
    kubernetes
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withProviderID("azure://" + vmss.armId() + "/virtualMachines/" + instance)
                .endSpec()
                .build())
        .createOr(r -> r.update());
  }

  /** An AzureAssignedIdentity as aad-pod-identity's controller wrote it (standard mode). */
  GenericKubernetesResource aadObject(PodRecord p, IdentityRecord id, String status) {
    GenericKubernetesResource o = new GenericKubernetesResource();
    o.setApiVersion("aadpodidentity.k8s.io/v1");
    o.setKind("AzureAssignedIdentity");
    o.setMetadata(
        new ObjectMetaBuilder()
            .withName(p.name() + "-" + p.namespace() + "-" + id.name())
            .withNamespace("default")
            .withLabels(Map.of("nodename", p.nodeName()))
            .build());
    o.setAdditionalProperty(
        "spec",
        Map.of(
            "azureIdentityRef",
            Map.of(
                "apiVersion",
                "aadpodidentity.k8s.io/v1",
                "kind",
                "AzureIdentity",
                "metadata",
                Map.of("name", id.name(), "namespace", id.namespace()),
                "spec",
                Map.of("type", 0, "resourceID", id.resourceId(), "clientID", id.clientId())),
            "pod",
            p.name(),
            "podNamespace",
            p.namespace(),
            "nodename",
            p.nodeName(),
            "replicas",
            1));
    o.setAdditionalProperty("status", Map.of("status", status, "availableReplicas", 1));
    return kubernetes.genericKubernetesResources(ASSIGNED).resource(o).createOr(r -> r.update());
  }

  static List<String> owned(ComputeTarget target) {
    return TopicRecords.last(Topics.LEDGER, k -> k.equals(Keys.ledger(target)))
        .filter(r -> r.value() != null)
        .map(r -> EventJson.parse(r.value(), LedgerRecord.class).owned())
        .orElse(List.of());
  }
}
