package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.ClusterView;
import dev.podidentity.cli.core.Replay;
import dev.podidentity.cli.core.Table;
import dev.podidentity.cli.core.Verification;
import dev.podidentity.cli.port.AadObjects;
import dev.podidentity.cli.port.CloudIdentities;
import dev.podidentity.cli.port.ConsumerGroups;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.cli.port.Workloads;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.Topics;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podidentity replay}: reads every topic to its end and prints the state the services
 * rebuild from it; {@code --verify} compares that state with the cluster and Azure; {@code --reset
 * assigner} moves the assigner's consumer group back to the beginning.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Read every topic to its end and print the state it rebuilds: counts per kind and per"
          + " scale set (or VM).",
      "--verify compares it with the cluster and with Azure and lists every difference (exit 1"
          + " when there is one).",
      "--reset assigner moves the assigner's consumer group back to the beginning, refusing"
          + " while the group has members."
    },
    footer = {
      "%nExit codes:",
      "  0  done (with --verify: no difference)",
      "  1  differences (--verify), a refused reset, or Kafka or the cluster failed",
      "  2  a flag is missing or malformed"
    })
public class ReplayCommand implements Callable<Integer> {
  /** The consumer groups {@code --reset} knows. */
  enum Resettable {
    assigner
  }

  static final List<String> TOPICS =
      List.of(Topics.NODES, Topics.PODS, Topics.CONFIG, Topics.ASSIGNMENTS, Topics.LEDGER);
  static final List<String> ASSIGNER_TOPICS = List.of(Topics.PODS, Topics.ASSIGNMENTS);

  @Spec CommandSpec spec;
  @Inject EventLog log;
  @Inject AadObjects objects;
  @Inject Workloads workloads;
  @Inject CloudIdentities cloud;
  @Inject ConsumerGroups groups;
  @Mixin Output output;

  @Option(
      names = "--verify",
      description = "Compare with the cluster and with Azure; exit 1 when anything differs.")
  boolean verify;

  @Option(
      names = "--reset",
      paramLabel = "GROUP",
      description =
          "Reset a consumer group's committed offsets to the beginning: ${COMPLETION-CANDIDATES}.")
  Resettable reset;

  @Option(
      names = "--group",
      defaultValue = "podidentity-assigner",
      description = "The assigner's consumer group id. Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(
      names = "--dry-run",
      description = "With --reset: show what would change, change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (reset != null) {
      return new GroupResetRun(spec.commandLine(), groups, output.format)
          .run(group, ASSIGNER_TOPICS, dryRun);
    }
    PrintWriter out = spec.commandLine().getOut();
    ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
    Map<String, Map<String, Optional<Event>>> latest = new LinkedHashMap<>();
    for (String topic : TOPICS) {
      latest.put(topic, log.latest(topic, progress));
    }
    Replay replay = Replay.of(latest);
    List<Verification.Finding> findings = verify ? verify(replay) : List.of();
    if (output.format == Output.Format.table) {
      print(out, replay.kindsTable());
      out.println();
      print(out, replay.targetsTable());
      if (verify) {
        out.println();
        if (findings.isEmpty()) {
          out.println("No differences: the event log matches the cluster and Azure.");
        } else {
          print(out, Verification.table(findings));
        }
      }
    } else {
      Map<String, Object> doc = replay.document();
      if (verify) {
        doc.put("findings", Verification.document(findings));
      }
      document(out, output.format, doc);
    }
    out.flush();
    return verify ? Verification.exitCode(findings) : ExitCodes.OK;
  }

  private List<Verification.Finding> verify(Replay replay) {
    List<ClusterView.AadObject> aad = new ArrayList<>();
    for (String kind :
        List.of(
            ConfigRecord.AZURE_IDENTITY,
            ConfigRecord.AZURE_IDENTITY_BINDING,
            ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION)) {
      objects.list(kind, null).forEach(o -> aad.add(ClusterView.AadObject.of(o)));
    }
    ClusterView cluster = new ClusterView(workloads.nodes(), workloads.pods(), aad);
    List<Verification.Finding> findings =
        new ArrayList<>(Verification.withCluster(replay, cluster));
    Map<ComputeTarget, Verification.AzureView> azure = new LinkedHashMap<>();
    for (Replay.Target t : replay.targets()) {
      try {
        azure.put(t.target(), Verification.AzureView.of(cloud.identitiesOf(t.target())));
      } catch (CloudIdentities.Unavailable e) {
        // No credential works: the same for every target, so say it once and stop asking.
        findings.add(Verification.azureNotChecked(e.getMessage()));
        return findings;
      } catch (RuntimeException e) {
        azure.put(t.target(), Verification.AzureView.failed(e.getMessage()));
      }
    }
    findings.addAll(Verification.withAzure(replay, azure));
    return findings;
  }

  /** A document (not a kubectl List) as JSON or YAML. */
  static void document(PrintWriter out, Output.Format format, Object doc) {
    if (format == Output.Format.json) {
      out.println(Serialization.asJson(doc));
    } else {
      out.print(Serialization.asYaml(doc));
    }
  }

  static void print(PrintWriter out, Table table) {
    table.lines().forEach(out::println);
  }
}
