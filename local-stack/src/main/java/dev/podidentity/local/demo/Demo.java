package dev.podidentity.local.demo;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.core.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The seed's demo on a running stack, printed as it goes: one identity for one pod, then two
 * identities behind one binding selector, then clean-up down to the scale set as it was.
 */
public final class Demo {
  private static final String NAMESPACE = "demo";
  private static final Duration CONVERGE = Duration.ofSeconds(90);

  private final LocalStack stack;
  private final PrintStream out;
  private final List<String> summary = new ArrayList<>();

  public Demo(LocalStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /** Runs every step; returns the summary lines; throws when a step fails. */
  public List<String> run() throws IOException, InterruptedException {
    step("1. a user-assigned identity in the simulator, with the role the demo needs");
    SimIdentity first = stack.createIdentity("demo-identity");
    String rgScope =
        "/subscriptions/" + stack.subscription() + "/resourceGroups/" + stack.resourceGroup();
    stack.simulator().addRoleAssignment(first.principalId(), rgScope, "Reader");
    say("created " + first.id() + " (clientId " + first.clientId() + "), Reader on " + rgScope);

    step(
        "2. AzureIdentity + AzureIdentityBinding (az aks pod-identity add --binding-selector demo)");
    stack.addPodIdentity(NAMESPACE, "demo-identity", first, "demo");
    say("AzureIdentity " + NAMESPACE + "/demo-identity, binding selector \"demo\"");

    step("3. a demo pod labelled aadpodidbinding=demo on node " + stack.node(0).name());
    long t0 = System.nanoTime();
    PodRef pod =
        stack.startPod(NAMESPACE, "demo", Map.of("aadpodidbinding", "demo"), stack.node(0));
    say("pod " + pod.namespace() + "/" + pod.name() + " runs with IP " + pod.ip());
    runClient(pod, List.of(first.clientId()));
    Duration firstToken = Duration.ofNanos(System.nanoTime() - t0);
    summary.add(
        "one identity: pod start to token, ARM read and instance metadata in "
            + Progress.seconds(firstToken));
    say("scale set identities: " + shortIds(stack.simulator().identitiesOf(stack.scaleSetId())));

    step("4. two identities behind one binding selector");
    SimIdentity second = stack.createIdentity("demo-identity-2");
    stack.simulator().addRoleAssignment(second.principalId(), rgScope, "Reader");
    stack.addPodIdentity(NAMESPACE, "demo-identity-2", second, "demo");
    long t1 = System.nanoTime();
    PodRef pod2 =
        stack.startPod(NAMESPACE, "demo-2", Map.of("aadpodidbinding", "demo"), lastNode());
    say("pod " + pod2.name() + " on node " + pod2.node().name() + " with IP " + pod2.ip());
    runClient(pod2, List.of(first.clientId(), second.clientId()));
    summary.add(
        "two identities, one selector: both tokens in "
            + Progress.seconds(Duration.ofNanos(System.nanoTime() - t1)));
    say("scale set identities: " + shortIds(stack.simulator().identitiesOf(stack.scaleSetId())));

    PodRef federatedPod = federated(rgScope);

    step("6. clean-up: the pods go, and their identities leave the scale set");
    long t2 = System.nanoTime();
    stack.deletePod(pod);
    stack.deletePod(pod2);
    stack.deletePod(federatedPod);
    await(
        () -> {
          List<String> ids = stack.simulator().identitiesOf(stack.scaleSetId());
          return !ids.contains(first.id().toLowerCase())
              && !ids.contains(second.id().toLowerCase());
        },
        "the demo identities to leave the scale set");
    List<String> left = stack.simulator().identitiesOf(stack.scaleSetId());
    say("scale set identities: " + shortIds(left) + " (the kubelet identity stays: not ours)");
    summary.add(
        "clean-up: identities removed from the scale set "
            + Progress.seconds(Duration.ofNanos(System.nanoTime() - t2))
            + " after the pods were deleted");
    return summary;
  }

  /**
   * A federated identity: never on the scale set; the NMI exchanges the pod's service-account token
   * at Entra, which trusts that account through a federated credential.
   */
  private PodRef federated(String rgScope) throws IOException, InterruptedException {
    step("5. a federated identity: no scale set, the pod's service account proves it to Entra");
    SimIdentity fed = stack.createIdentity("demo-federated");
    stack.simulator().addRoleAssignment(fed.principalId(), rgScope, "Reader");
    stack.federated().trust(fed, NAMESPACE, "payments");
    stack.federated().add(NAMESPACE, "demo-federated", fed, "payments");
    say(
        "AzureIdentity "
            + NAMESPACE
            + "/demo-federated annotated podidentity.k8s.io/federated=true, federated credential"
            + " for "
            + stack.serviceAccountIssuer()
            + " and system:serviceaccount:"
            + NAMESPACE
            + ":payments");
    long entraBefore = stack.simulator().entraCount("federated", "accepted");
    long t0 = System.nanoTime();
    PodRef pod =
        stack
            .pods()
            .start(
                NAMESPACE,
                "demo-federated",
                Map.of("aadpodidbinding", "payments"),
                stack.node(0),
                "payments");
    say("pod " + pod.name() + " (service account payments) runs with IP " + pod.ip());
    runClient(pod, List.of(fed.clientId()));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    long updates =
        stack.simulator().operations().stream()
            .filter(op -> op.toString().toLowerCase().contains(fed.id().toLowerCase()))
            .count();
    boolean onScaleSet =
        stack.simulator().identitiesOf(stack.scaleSetId()).contains(fed.id().toLowerCase());
    say(
        "Entra exchanges: "
            + (stack.simulator().entraCount("federated", "accepted") - entraBefore)
            + ", ARM updates naming the identity: "
            + updates
            + ", on the scale set: "
            + onScaleSet);
    if (updates != 0 || onScaleSet) {
      throw new IOException("the federated identity reached the scale set");
    }
    summary.add(
        "federated identity: pod start to token, ARM read and instance metadata in "
            + Progress.seconds(took)
            + ", no ARM update");
    return pod;
  }

  private dev.podidentity.local.SimNode lastNode() {
    return stack.nodes().get(stack.nodes().size() - 1);
  }

  private void runClient(PodRef pod, List<String> clientIds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DemoPodClient.class.getName());
    cmd.add(pod.ip());
    cmd.add(stack.armUrl());
    cmd.add(stack.trustPem().toString());
    cmd.add(stack.subscription());
    cmd.add(stack.resourceGroup());
    cmd.addAll(clientIds);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("AZURE_POD_IDENTITY_AUTHORITY_HOST", stack.nmiFor(pod.node()));
    Process p = pb.start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.println("      [pod " + pod.name() + "] " + line);
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the demo client of " + pod.name() + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "the demo client of pod " + pod.name() + " failed (exit " + p.exitValue() + ")");
    }
  }

  private void await(BooleanSupplier condition, String what) throws IOException {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
    }
    throw new IOException("timed out after " + CONVERGE.toSeconds() + " s waiting for " + what);
  }

  private static List<String> shortIds(List<String> ids) {
    return ids.stream().map(id -> id.substring(id.lastIndexOf('/') + 1)).toList();
  }

  private void step(String text) {
    out.println();
    out.println("demo " + text);
  }

  private void say(String text) {
    out.println("      " + text);
  }
}
