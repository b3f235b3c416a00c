package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's walkthrough (az aks pod-identity's flow) through the {@code podidentity} command, as a
 * user runs it against the stack: every object is written by the command, every answer comes from
 * the real services.
 */
class CliWalkthroughIT extends Scenario {
  private PodIdentityCli cli;

  @BeforeEach
  void command() throws IOException {
    Path kubeconfig = stack().runDir().resolve("walkthrough-kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: local, cluster: {server: '" + stack().kubernetesUrl() + "'}}]",
            "users: [{name: local, user: {}}]",
            "contexts: [{name: local, context: {cluster: local, user: local}}]",
            "current-context: local",
            ""));
    cli =
        PodIdentityCli.of(
            stack(),
            Map.of(
                "KUBECONFIG", kubeconfig.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", stack().bootstrapServers()));
  }

  private PodIdentityCli.Run ok(String... args) {
    PodIdentityCli.Run r = cli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  @Test
  void addTokenSecondIdentityExceptionDeleteAsTheSeedsWalkthrough() {
    String ns = unique("walk");
    String selector = unique("sel");
    SimIdentity first = identity("walk-first");
    SimIdentity second = identity("walk-second");

    // 1. az aks pod-identity add: the pod labelled with the selector gets a token.
    assertThat(
            ok(
                    "identity",
                    "add",
                    "--name",
                    "first",
                    "--namespace",
                    ns,
                    "--identity-resource-id",
                    first.id(),
                    "--client-id",
                    first.clientId(),
                    "--binding-selector",
                    selector)
                .out())
        .contains("azureidentity.aadpodidentity.k8s.io/first created");
    PodRef pod = pod(ns, selector, node(0));
    assertThat(awaitTokenStatus(pod, first.clientId(), 200).body()).contains(first.clientId());

    // 2. A second identity behind the same selector: the same pod gets both.
    ok(
        "identity",
        "add",
        "--name",
        "second",
        "--namespace",
        ns,
        "--identity-resource-id",
        second.id(),
        "--client-id",
        second.clientId(),
        "--binding-selector",
        selector);
    assertThat(awaitTokenStatus(pod, second.clientId(), 200).body()).contains(second.clientId());
    assertThat(ok("identity", "list", "--namespace", ns).out()).contains("first", "second");

    // 3. An exception: a pod with its label goes straight to the node's IMDS, no binding needed.
    ok("exception", "add", "--name", "legacy", "--namespace", ns, "--pod-labels", "app=legacy");
    PodRef legacy = stack().startPod(ns, unique("legacy"), Map.of("app", "legacy"), node(1));
    assertThat(awaitTokenStatus(legacy, stack().clusterIdentity().clientId(), 200).body())
        .contains(stack().clusterIdentity().clientId());

    // 4. az aks pod-identity delete: the pod loses the identity, and it leaves the scale set.
    ok("identity", "delete", "--name", "first", "--namespace", ns);
    awaitTokenStatus(pod, first.clientId(), 403);
    awaitOffScaleSet(first);
    assertThat(onScaleSet(second)).isTrue();
    assertThat(awaitTokenStatus(pod, second.clientId(), 200).body()).contains(second.clientId());
  }
}
