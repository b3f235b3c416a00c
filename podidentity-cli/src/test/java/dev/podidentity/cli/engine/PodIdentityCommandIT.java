package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's flow through the command as users run it, launched through the Quarkus main (its
 * picocli wiring, exit codes and the fabric8 client), against the Kubernetes test server: the
 * objects it leaves are the ones aad users write by hand, and a malformed flag is one line and the
 * usage exit code. Every launch builds the application again, so the other commands' tests run in
 * one application instead ({@link Commands}).
 */
@QuarkusMainTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class PodIdentityCommandIT {
  private static final String RESOURCE_ID = IdentityAndExceptionCommandsIT.RESOURCE_ID;
  private static final String CLIENT_ID = IdentityAndExceptionCommandsIT.CLIENT_ID;

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
}
