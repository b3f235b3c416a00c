package dev.podidentity.assigner.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.AssignerService;
import dev.podidentity.assigner.core.Fixtures;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.DeadLetters;
import dev.podidentity.events.kafka.NodeHeader;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.TopicRecords;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The aad-pod-identity controller scenarios, end to end in one JVM: records on the real broker in,
 * identities on simulated scale sets through the real Azure SDK, assignments and
 * AzureAssignedIdentity objects out.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class AssignerIT {
  static final String SUB = SimulatorTestResource.SUBSCRIPTION;
  static final String RG = SimulatorTestResource.RG;
  static final Duration LONG = Duration.ofSeconds(60);
  static EventsDriver driver;
  static final ResourceDefinitionContext ASSIGNED =
      new ResourceDefinitionContext.Builder()
          .withGroup("aadpodidentity.k8s.io")
          .withVersion("v1")
          .withKind("AzureAssignedIdentity")
          .withPlural("azureassignedidentities")
          .withNamespaced(true)
          .build();

  @Inject AssignerService service;
  @Inject KubernetesClient kubernetes;

  @BeforeAll
  static void driver() {
    driver = new EventsDriver();
  }

  @AfterAll
  static void closeDriver() {
    driver.close();
  }

  static AzureSimulator sim() {
    return SimulatorTestResource.sim();
  }

  /** A fresh scale set of two nodes, so tests never share a target. */
  static ComputeTarget scaleSet() {
    String name = "vmss-" + UUID.randomUUID().toString().substring(0, 8);
    sim().admin().addScaleSet(SUB, RG, name, 2);
    return ComputeTarget.scaleSet(SUB, RG, name);
  }

  /** A user-assigned identity in the simulator and its AzureIdentity record. */
  static IdentityRecord identity(String name) {
    Map<String, Object> created = sim().admin().createIdentity(SUB, RG, name);
    return identityRecord(name, (String) created.get("id"), (String) created.get("clientId"));
  }

  static IdentityRecord identityRecord(String name, String resourceId, String clientId) {
    return Fixtures.userAssigned("default", name, resourceId, clientId);
  }

  static BindingRecord binding(String identity, String selector) {
    return new BindingRecord(
        1, "default", identity + "-binding", identity, selector, true, null, "1");
  }

  static PodRecord pod(String name, ComputeTarget target, int node, String selector) {
    return new PodRecord(
        1,
        "uid-" + name,
        "default",
        name,
        target.name() + "00000" + node,
        target,
        List.of("127.0.0.20"),
        PodPhase.RUNNING,
        false,
        false,
        Map.of("aadpodidbinding", selector),
        "1");
  }

  static List<String> onTarget(ComputeTarget t) {
    List<String> out = new ArrayList<>();
    for (String id : sim().admin().identitiesOf(t.armId())) {
      out.add(id.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  static String lower(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  static List<AssignmentState> states(PodRecord pod) {
    AssignmentRecord a = driver.assignment(pod);
    return a == null ? List.of() : a.identities().stream().map(AssignedIdentity::state).toList();
  }

  /** Publishes the identity and a binding to it under a fresh selector; returns the selector. */
  static String bind(IdentityRecord id) {
    String sel = selector();
    driver.config(id);
    driver.config(binding(id.name(), sel));
    return sel;
  }

  static String selector() {
    return "sel-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void recordsThatCannotBeReadAreDeadLetteredAndTheRestIsAssigned() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("dlq-" + vmss.name());
    String sel = selector();
    String badPod = Keys.pod(vmss, "bad-" + vmss.name());
    String badConfig = "AzureIdentityBinding/default/bad-" + vmss.name();
    driver.sendRaw(Topics.PODS, badPod, "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));
    driver.sendRaw(Topics.CONFIG, badConfig, "not json".getBytes(StandardCharsets.UTF_8));
    driver.config(id);
    driver.config(binding(id.name(), sel));
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);
    driver.pod(p);

    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    Map<String, ConsumerRecord<String, byte[]>> dead = new HashMap<>();
    await()
        .atMost(LONG)
        .until(
            () -> {
              TopicRecords.all(Topics.DEADLETTER).forEach(r -> dead.put(r.key(), r));
              return dead.containsKey(badPod) && dead.containsKey(badConfig);
            });
    for (String key : List.of(badPod, badConfig)) {
      var headers = dead.get(key).headers();
      assertThat(CloudEventHeaders.get(headers, DeadLetters.SERVICE)).isEqualTo("assigner-service");
      assertThat(CloudEventHeaders.get(headers, DeadLetters.REASON)).isNotBlank();
    }
    assertThat(CloudEventHeaders.get(dead.get(badPod).headers(), DeadLetters.TOPIC))
        .isEqualTo(Topics.PODS);
    assertThat(CloudEventHeaders.get(dead.get(badConfig).headers(), DeadLetters.TOPIC))
        .isEqualTo(Topics.CONFIG);
  }

  @Test
  void assignmentRecordsNameThePodsNodeInAHeader() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("header-" + vmss.name());
    PodRecord p = pod("h-" + vmss.name(), vmss, 1, bind(id));

    driver.pod(p);
    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));

    // Node agents skip the records of other nodes by this header, without parsing them.
    var last = TopicRecords.last(Topics.ASSIGNMENTS, Keys.of(p)::equals).orElseThrow();
    assertThat(NodeHeader.read(last.headers())).isEqualTo(p.nodeName());
  }

  @Test
  void referenceCountingAcrossTwoNodesOfOneScaleSet() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("refcount-" + vmss.name());
    String sel = bind(id);
    PodRecord p1 = pod("p1-" + vmss.name(), vmss, 0, sel);
    PodRecord p2 = pod("p2-" + vmss.name(), vmss, 1, sel);

    driver.pod(p1);
    driver.pod(p2);
    await()
        .atMost(LONG)
        .until(
            () ->
                states(p1).equals(List.of(AssignmentState.ASSIGNED))
                    && states(p2).equals(List.of(AssignmentState.ASSIGNED)));
    assertThat(onTarget(vmss)).containsExactly(lower(id.resourceId()));

    driver.podGone(p1);
    await().atMost(LONG).until(() -> driver.assignment(p1) == null);
    assertThat(onTarget(vmss)).containsExactly(lower(id.resourceId()));

    driver.podGone(p2);
    await().atMost(LONG).until(() -> onTarget(vmss).isEmpty());
  }

  @Test
  void anIdentityThatWasOnTheScaleSetBeforeSurvivesAPodThatUsedIt() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("before-" + vmss.name());
    sim().admin().assignIdentities(vmss.armId(), List.of(id.resourceId()), false);
    String sel = bind(id);
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);

    driver.pod(p);
    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    driver.podGone(p);
    await().atMost(LONG).until(() -> driver.assignment(p) == null);

    assertThat(onTarget(vmss)).containsExactly(lower(id.resourceId()));
    assertThat(sim().admin().computeCount(vmss.name(), "PATCH")).isZero();
  }

  @Test
  void immutableAndClusterIdentitiesAreNeverRemovedEvenAfterWeAddedThem() {
    ComputeTarget vmss = scaleSet();
    String immutable = SimulatorTestResource.immutableId();
    String cluster = SimulatorTestResource.clusterId();
    IdentityRecord a = identityRecord("immutable-" + vmss.name(), immutable, "ignored");
    IdentityRecord b = identityRecord("cluster-" + vmss.name(), cluster, "ignored");
    String sel = selector();
    driver.config(a);
    driver.config(b);
    driver.config(binding(a.name(), sel));
    driver.config(binding(b.name(), sel));
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);

    driver.pod(p);
    await().atMost(LONG).until(() -> onTarget(vmss).size() == 2);
    driver.podGone(p);
    await().atMost(LONG).until(() -> driver.assignment(p) == null);

    assertThat(onTarget(vmss)).containsExactlyInAnyOrder(lower(immutable), lower(cluster));
  }

  @Test
  void identityDeletedThenBindingDeleted() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("deleted-" + vmss.name());
    String sel = selector();
    BindingRecord binding = binding(id.name(), sel);
    driver.config(id);
    driver.config(binding);
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);
    driver.pod(p);
    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));

    driver.configGone(id);
    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.FAILED)));
    await().atMost(LONG).until(() -> onTarget(vmss).isEmpty());

    driver.configGone(binding);
    await().atMost(LONG).until(() -> driver.assignment(p) == null);
  }

  @Test
  void aBatchWithInvalidIdentitiesAssignsTheValidOnesAndUnassignsNothing() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord kept = identity("kept-" + vmss.name());
    sim().admin().assignIdentities(vmss.armId(), List.of(kept.resourceId()), false);
    IdentityRecord good1 = identity("good1-" + vmss.name());
    IdentityRecord good2 = identity("good2-" + vmss.name());
    IdentityRecord unknownToAzure =
        identityRecord(
            "ghost-" + vmss.name(),
            "/subscriptions/"
                + SUB
                + "/resourceGroups/"
                + RG
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ghost-"
                + vmss.name(),
            UUID.randomUUID().toString());
    IdentityRecord invalid =
        new IdentityRecord(
            1,
            "default",
            "invalid-" + vmss.name(),
            IdentityType.USER_ASSIGNED_MSI,
            "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z",
            "c",
            null,
            null,
            List.of(),
            null,
            null,
            false,
            false,
            "resourceID is not a user-assigned identity id",
            "1");
    String sel = selector();
    for (IdentityRecord i : List.of(good1, good2, unknownToAzure, invalid)) {
      driver.config(i);
      driver.config(binding(i.name(), sel));
    }
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);

    driver.pod(p);

    await()
        .atMost(LONG)
        .until(
            () ->
                states(p).stream().filter(s -> s == AssignmentState.ASSIGNED).count() == 2
                    && states(p).stream().filter(s -> s == AssignmentState.FAILED).count() == 2);
    assertThat(onTarget(vmss))
        .containsExactlyInAnyOrder(
            lower(kept.resourceId()), lower(good1.resourceId()), lower(good2.resourceId()));
    assertThat(driver.assignment(p).identities())
        .filteredOn(i -> i.state() == AssignmentState.FAILED)
        .extracting(AssignedIdentity::reason)
        .anySatisfy(r -> assertThat(r).contains("FailedIdentityOperation"))
        .anySatisfy(r -> assertThat(r).contains("not a user-assigned identity id"));
  }

  @Test
  void aSystemAssignedIdentityTurnedOnMeanwhileSurvivesTheNextPatch() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord first = identity("sys-a-" + vmss.name());
    IdentityRecord second = identity("sys-b-" + vmss.name());
    String sel1 = selector();
    String sel2 = selector();
    driver.config(first);
    driver.config(binding(first.name(), sel1));
    driver.config(second);
    driver.config(binding(second.name(), sel2));
    PodRecord p1 = pod("p1-" + vmss.name(), vmss, 0, sel1);
    driver.pod(p1);
    await().atMost(LONG).until(() -> states(p1).equals(List.of(AssignmentState.ASSIGNED)));

    sim().admin().assignIdentities(vmss.armId(), List.of(first.resourceId()), true);
    PodRecord p2 = pod("p2-" + vmss.name(), vmss, 1, sel2);
    driver.pod(p2);
    await().atMost(LONG).until(() -> states(p2).equals(List.of(AssignmentState.ASSIGNED)));

    assertThat(sim().admin().describe(vmss.armId()).get("systemAssigned")).isEqualTo(true);
    assertThat(onTarget(vmss))
        .containsExactlyInAnyOrder(lower(first.resourceId()), lower(second.resourceId()));
  }

  @Test
  void aManualRemovalInTheCloudIsRepaired() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("repair-" + vmss.name());
    String sel = bind(id);
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);
    driver.pod(p);
    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));

    sim().admin().assignIdentities(vmss.armId(), List.of(), false);
    assertThat(onTarget(vmss)).isEmpty();
    service.pipeline().reconciler().refreshAll();

    await().atMost(LONG).until(() -> onTarget(vmss).contains(lower(id.resourceId())));
  }

  @Test
  void assignedIdentitiesAreVisibleWithKubectl() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("kubectl-" + vmss.name());
    String sel = bind(id);
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);

    driver.pod(p);

    String name = (p.name() + "-default-" + id.name()).toLowerCase(Locale.ROOT);
    await()
        .atMost(LONG)
        .until(
            () -> {
              GenericKubernetesResource r =
                  kubernetes
                      .genericKubernetesResources(ASSIGNED)
                      .inNamespace("default")
                      .withName(name)
                      .get();
              return r != null
                  && "Assigned"
                      .equals(
                          ((Map<?, ?>) r.getAdditionalProperties().get("status")).get("status"));
            });
    await()
        .atMost(LONG)
        .until(
            () ->
                kubernetes.v1().events().inNamespace("default").list().getItems().stream()
                    .anyMatch(
                        e ->
                            "IdentityAssigned".equals(e.getReason())
                                && p.name().equals(e.getInvolvedObject().getName())));
  }

  @Test
  void aPodsObjectSaysUnassignedBeforeItGoesAsAadPodIdentitysDid() {
    ComputeTarget vmss = scaleSet();
    IdentityRecord id = identity("unassigned-" + vmss.name());
    String sel = bind(id);
    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);
    String name = (p.name() + "-default-" + id.name()).toLowerCase(Locale.ROOT);
    driver.pod(p);
    await().atMost(LONG).until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        kubernetes
            .genericKubernetesResources(ASSIGNED)
            .inNamespace("default")
            .withName(name)
            .watch(
                new io.fabric8.kubernetes.client.Watcher<GenericKubernetesResource>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource r) {
                    Object status = r.getAdditionalProperties().get("status");
                    seen.add(action + (status instanceof Map<?, ?> m ? " " + m.get("status") : ""));
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
                })) {
      driver.podGone(p);

      await().atMost(LONG).until(() -> seen.stream().anyMatch(e -> e.startsWith("DELETED")));
    }

    assertThat(seen).containsSubsequence("MODIFIED Unassigned", "DELETED Unassigned");
  }
}
