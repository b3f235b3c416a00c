package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.ClusterPod;
import dev.podidentity.cli.core.Explanation;
import dev.podidentity.cli.core.FederationFacts;
import dev.podidentity.cli.core.PodFacts;
import dev.podidentity.cli.core.PodRef;
import dev.podidentity.cli.port.CloudIdentities;
import dev.podidentity.cli.port.ClusterPods;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.cli.port.ServiceAccountIssuer;
import dev.podidentity.events.Topics;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code podidentity explain pod NS/NAME}: why a pod gets a token or not, from the cluster and the
 * event log, ending with what the NMI on its node would answer (its own rule, run here).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Explain the system's view of an object, step by step.",
    subcommands = {ExplainCommand.ExplainPod.class})
public class ExplainCommand {

  @Command(
      name = "pod",
      mixinStandardHelpOptions = true,
      description = {
        "Why a pod gets a token or not: its labels, the bindings that match or nearly match,",
        "its identities, their assignment on its node's scale set, and what the NMI on its node",
        "would answer now. Reads the cluster and five topics of the event log."
      },
      footer = ExitCodes.HELP)
  static class ExplainPod implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject ClusterPods pods;
    @Inject EventLog log;
    @Inject ServiceAccountIssuer issuers;
    @Inject CloudIdentities cloud;
    @Mixin Output output;

    @Parameters(paramLabel = "NS/NAME", description = "The pod: NS/NAME, or NAME with -n NS.")
    String pod;

    @Option(
        names = {"-n", "--namespace"},
        description = "The pod's namespace. Default: the kubeconfig context's.")
    String namespace;

    @Option(
        names = "--namespaced",
        description =
            "Explain as the services run with namespaced mode on (pod, binding and identity in"
                + " one namespace; the NMI's --forceNamespaced). Default: off, as the services."
                + " A flag, because the command cannot read how the NMIs are configured.")
    boolean namespaced;

    @Override
    public Integer call() {
      PodRef ref = PodRef.parse(namespace, pod, namespace == null ? pods.contextNamespace() : null);
      ClusterPod cluster = pods.get(ref.namespace(), ref.name()).orElse(null);
      PrintWriter err = spec.commandLine().getErr();
      ProgressLine progress = new ProgressLine(err);
      PodFacts facts =
          PodFacts.of(
              ref,
              cluster,
              new PodFacts.Topics(
                  log.latest(Topics.PODS, progress),
                  log.latest(Topics.ASSIGNMENTS, progress),
                  log.latest(Topics.CONFIG, progress),
                  log.latest(Topics.NODES, progress),
                  log.latest(Topics.LEDGER, progress)));
      if (facts.unknown()) {
        err.println("pod " + ref + " not found, neither in the cluster nor in the event log");
        err.flush();
        return ExitCodes.NOT_FOUND;
      }
      Explanation explanation =
          Explanation.of(
              facts,
              namespaced,
              Instant.now(),
              federation(Explanation.federatedIdentities(facts, namespaced)));
      PrintWriter out = spec.commandLine().getOut();
      switch (output.format) {
        case json -> out.println(Serialization.asJson(explanation.toMap()));
        case yaml -> out.print(Serialization.asYaml(explanation.toMap()));
        default -> explanation.lines().forEach(out::println);
      }
      out.flush();
      return ExitCodes.OK;
    }

    /**
     * The cluster's issuer and the credentials of the pod's federated identities; what cannot be
     * read is said in the step, never an error of the command.
     */
    private FederationFacts federation(List<String> resourceIds) {
      if (resourceIds.isEmpty()) {
        return FederationFacts.NOT_READ;
      }
      String issuer;
      try {
        issuer = issuers.issuer();
      } catch (IllegalStateException e) {
        return new FederationFacts(null, e.getMessage(), Map.of());
      }
      Map<String, FederationFacts.Credentials> credentials = new LinkedHashMap<>();
      for (String id : resourceIds) {
        try {
          credentials.put(id, FederationFacts.Credentials.of(cloud.federatedCredentialsOf(id)));
        } catch (CloudIdentities.Unavailable e) {
          credentials.put(
              id,
              FederationFacts.Credentials.unreadable("Azure cannot be read: " + e.getMessage()));
        } catch (IllegalStateException | IllegalArgumentException e) {
          credentials.put(id, FederationFacts.Credentials.unreadable(e.getMessage()));
        }
      }
      return new FederationFacts(issuer, null, credentials);
    }
  }
}
