package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.cli.CommandSettings;
import java.io.IOException;
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
    // What a user gets from bin/podidentity-local: the kubeconfig and podidentity.env's variables.
    Path kubeconfig =
        CommandSettings.writeKubeconfig(
            stack(), stack().runDir().resolve("walkthrough-kubeconfig"));
    cli = PodIdentityCli.of(stack(), CommandSettings.environment(stack(), kubeconfig));
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
        "--binding-selector",
        selector); // no --client-id: read from ARM, as az does
    assertThat(awaitTokenStatus(pod, second.clientId(), 200).body()).contains(second.clientId());
    assertThat(ok("identity", "list", "--namespace", ns, "-o", "yaml").out())
        .contains(second.clientId());
    assertThat(ok("identity", "list", "--namespace", ns).out())
        .contains("first", "second", stack().scaleSetName() + ": 1 assigned");
    String podName = ns + "/" + pod.name();
    assertThat(ok("explain", "pod", podName).out())
        .contains("binding " + ns + "/first-binding selects it")
        .contains("binding " + ns + "/second-binding selects it")
        .contains("would answer now: 200: a token for " + ns + "/first");

    // 3. An exception: a pod with its label goes straight to the node's IMDS, no binding needed.
    ok("exception", "add", "--name", "legacy", "--namespace", ns, "--pod-labels", "app=legacy");
    PodRef legacy = stack().startPod(ns, unique("legacy"), Map.of("app", "legacy"), node(1));
    assertThat(awaitTokenStatus(legacy, stack().clusterIdentity().clientId(), 200).body())
        .contains(stack().clusterIdentity().clientId());
    assertThat(ok("explain", "pod", ns + "/" + legacy.name()).out())
        .contains("would answer now: forwarded to IMDS unchecked (exception legacy)");

    // 4. az aks pod-identity delete: the pod loses the identity, and it leaves the scale set.
    ok("identity", "delete", "--name", "first", "--namespace", ns);
    awaitTokenStatus(pod, first.clientId(), 403);
    awaitOffScaleSet(first);
    assertThat(onScaleSet(second)).isTrue();
    assertThat(awaitTokenStatus(pod, second.clientId(), 200).body()).contains(second.clientId());
    assertThat(ok("explain", "pod", podName).out())
        .contains("would answer now: 200: a token for " + ns + "/second")
        .doesNotContain(ns + "/first-binding selects it");

    // 5. The audit trail says what happened, in order.
    String podHistory = ok("history", "--pod", podName).out();
    assertThat(
            podHistory.lines().filter(l -> l.contains(ns + "/first")).map(CliWalkthroughIT::event))
        .containsSubsequence("CREATED", "ASSIGNED", "UNASSIGNED");
    assertThat(
            podHistory.lines().filter(l -> l.contains(ns + "/second")).map(CliWalkthroughIT::event))
        .containsSubsequence("CREATED", "ASSIGNED")
        .doesNotContain("UNASSIGNED");
    assertThat(
            ok("history", "--identity", ns + "/first").out().lines().map(CliWalkthroughIT::event))
        .containsSubsequence("ADDED", "REMOVED");
  }

  /** The EVENT column of a history line (columns: TIME SCALE-SET POD IDENTITY EVENT DETAIL). */
  private static String event(String line) {
    String[] columns = line.trim().split("\\s+");
    return columns.length > 4 ? columns[4] : "";
  }
}
