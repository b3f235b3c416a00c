package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.PodIdentities;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EventPublisher;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The seed's flow through the command as users run it (the Quarkus main, its picocli wiring and the
 * fabric8 client), against the Kubernetes test server: the objects it leaves are the ones aad users
 * write by hand.
 */
@QuarkusMainTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class PodIdentityCommandIT {
  private static final String RESOURCE_ID =
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg/providers/"
          + "Microsoft.ManagedIdentity/userAssignedIdentities/demo";
  private static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
  private static final String CLIENT_ID = "66666666-7777-8888-9999-000000000000";

  @Test
  void identityAddWritesTheIdentityAndItsBindingAsAzAksPodIdentityAddDoes(
      QuarkusMainLauncher launcher) {
    LaunchResult r =
        launcher.launch(
            "identity",
            "add",
            "--name",
            "demo",
            "--namespace",
            "apps",
            "--identity-resource-id",
            RESOURCE_ID,
            "--client-id",
            CLIENT_ID);

    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getOutput())
        .contains("azureidentity.aadpodidentity.k8s.io/demo created")
        .contains("azureidentitybinding.aadpodidentity.k8s.io/demo-binding created");
    GenericKubernetesResource identity = LaunchedCluster.get("AzureIdentity", "apps", "demo");
    assertThat(identity.getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("type", 0, "resourceID", RESOURCE_ID, "clientID", CLIENT_ID));
    GenericKubernetesResource binding =
        LaunchedCluster.get("AzureIdentityBinding", "apps", "demo-binding");
    assertThat(binding.getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("azureIdentity", "demo", "selector", "demo"));

    // The row read back through the cluster: the identity's spec and its binding's selector (the
    // -o json|yaml layout of the same objects is PodIdentityCommandsTest's).
    LaunchResult list = launcher.launch("identity", "list", "--namespace", "apps");
    assertThat(list.exitCode()).isZero();
    assertThat(list.getOutput())
        .contains("NAMESPACE")
        .containsPattern("apps +demo +0 +" + CLIENT_ID + " +demo +" + RESOURCE_ID);

    LaunchResult delete =
        launcher.launch("identity", "delete", "--name", "demo", "--namespace", "apps");
    assertThat(delete.exitCode()).isZero();
    assertThat(LaunchedCluster.get("AzureIdentity", "apps", "demo")).isNull();
    assertThat(LaunchedCluster.get("AzureIdentityBinding", "apps", "demo-binding")).isNull();
  }

  @Test
  void aSecondIdentityCanShareASelector(QuarkusMainLauncher launcher) {
    // The first pod identity as a launch of identity add writes it (the test above launches that).
    LaunchedCluster.create(PodIdentities.identity("first", "shared", RESOURCE_ID, CLIENT_ID));
    LaunchedCluster.create(PodIdentities.binding("first", "shared", "app"));
    LaunchResult second =
        launcher.launch(
            "identity",
            "add",
            "-n",
            "second",
            "--namespace",
            "shared",
            "-i",
            RESOURCE_ID + "2",
            "--client-id",
            CLIENT_ID,
            "--binding-selector",
            "app");

    assertThat(second.exitCode()).isZero();
    assertThat(
            LaunchedCluster.get("AzureIdentityBinding", "shared", "second-binding")
                .getAdditionalProperties()
                .get("spec"))
        .isEqualTo(Map.of("azureIdentity", "second", "selector", "app"));
  }

  @Test
  void exceptionsAreAddedUpdatedListedAndDeleted(QuarkusMainLauncher launcher) {
    LaunchResult add =
        launcher.launch(
            "exception",
            "add",
            "--name",
            "skip",
            "--namespace",
            "kube-system",
            "--pod-labels",
            "app=coredns,tier=control");
    assertThat(add.exitCode()).as(add.getErrorOutput()).isZero();
    assertThat(
            LaunchedCluster.get("AzurePodIdentityException", "kube-system", "skip")
                .getAdditionalProperties()
                .get("spec"))
        .isEqualTo(Map.of("podLabels", Map.of("app", "coredns", "tier", "control")));
    // An add over an existing exception, an update or delete of a missing one: refused before any
    // write, PodIdentityCommandsTest.

    assertThat(
            launcher
                .launch(
                    "exception",
                    "update",
                    "--name",
                    "skip",
                    "--namespace",
                    "kube-system",
                    "--pod-labels",
                    "app=metrics")
                .exitCode())
        .isZero();
    assertThat(launcher.launch("exception", "list").getOutput()).contains("app=metrics");

    assertThat(
            launcher
                .launch("exception", "delete", "--name", "skip", "--namespace", "kube-system")
                .exitCode())
        .isZero();
    assertThat(LaunchedCluster.get("AzurePodIdentityException", "kube-system", "skip")).isNull();
  }

  @Test
  void aMalformedFlagIsAClearUsageError(QuarkusMainLauncher launcher) {
    LaunchResult r =
        launcher.launch(
            "identity",
            "add",
            "-n",
            "demo",
            "--namespace",
            "apps",
            "-i",
            "not-an-id",
            "--client-id",
            CLIENT_ID);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.getErrorOutput()).contains("--identity-resource-id must be");
    // A flag missing altogether is picocli's own usage error: PodIdentityCommandsTest.
  }

  @Test
  void identityListShowsWhereEachIdentityStandsOnEachScaleSetFromTheAssignersRecords(
      QuarkusMainLauncher launcher) {
    String ns = "list-" + UUID.randomUUID().toString().substring(0, 8);
    String resourceId = RESOURCE_ID + "-" + ns;
    ComputeTarget a = ComputeTarget.scaleSet(SUBSCRIPTION, "mc_rg", "aks-a-" + ns);
    ComputeTarget b = ComputeTarget.scaleSet(SUBSCRIPTION, "mc_rg", "aks-b-" + ns);
    LaunchedCluster.create(PodIdentities.identity("demo", ns, resourceId, CLIENT_ID));
    try (EventPublisher publisher = new EventPublisher()) {
      publish(publisher, ns, a, "p1", AssignmentState.ASSIGNED, null);
      publish(publisher, ns, a, "p2", AssignmentState.ASSIGNED, null);
      publish(publisher, ns, a, "p3", AssignmentState.CREATED, null);
      publish(
          publisher,
          ns,
          b,
          "p4",
          AssignmentState.FAILED,
          "LinkedAuthorizationFailed: the client may not join the identity");
      publisher.send(
          Topics.LEDGER, Keys.ledger(a), new LedgerRecord(1, a, List.of(resourceId), null));
    }

    LaunchResult list = launcher.launch("identity", "list", "--namespace", ns);

    assertThat(list.exitCode()).as(list.getErrorOutput()).isZero();
    assertThat(list.getOutput())
        .contains("SCALE-SETS")
        .contains(
            a.name()
                + ": 2 assigned, 1 pending; "
                + b.name()
                + ": 1 failed (LinkedAuthorizationFailed)");
    assertThat(list.getErrorOutput()).doesNotContain("assignment state unavailable");
  }

  private static void publish(
      EventPublisher publisher,
      String ns,
      ComputeTarget target,
      String pod,
      AssignmentState state,
      String reason) {
    String uid = ns + "-" + pod;
    AssignmentRecord record =
        new AssignmentRecord(
            1,
            uid,
            ns,
            pod,
            target.name() + "000000",
            target,
            List.of(
                new AssignedIdentity(
                    ns,
                    "demo",
                    "demo-binding",
                    IdentityType.USER_ASSIGNED_MSI,
                    RESOURCE_ID + "-" + ns,
                    CLIENT_ID,
                    null,
                    state,
                    reason)));
    publisher.send(Topics.ASSIGNMENTS, Keys.of(record), record);
  }
}
