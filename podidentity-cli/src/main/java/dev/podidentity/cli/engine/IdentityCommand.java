package dev.podidentity.cli.engine;

import dev.podidentity.cli.config.CliConfig;
import dev.podidentity.cli.core.AssignmentSummary;
import dev.podidentity.cli.core.AssignmentSummary.IdentityRef;
import dev.podidentity.cli.core.AssignmentSummary.OnTarget;
import dev.podidentity.cli.core.PodIdentities;
import dev.podidentity.cli.core.Table;
import dev.podidentity.cli.port.AadObjects;
import dev.podidentity.cli.port.EventLog;
import jakarta.inject.Inject;
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

/** {@code podidentity identity add|delete|list}: {@code az aks pod-identity}'s flow. */
@Command(
    name = "identity",
    mixinStandardHelpOptions = true,
    description = "Pod identities: an AzureIdentity and its AzureIdentityBinding.",
    subcommands = {
      IdentityAdd.class,
      IdentityCommand.Delete.class,
      IdentityCommand.ListIdentities.class
    })
public class IdentityCommand {
  private static final String IDENTITY = "AzureIdentity";
  private static final String BINDING = "AzureIdentityBinding";

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Delete a pod identity (az aks pod-identity delete): its binding, then its AzureIdentity."
              + " The assigner removes the identity from the scale sets when no pod needs it.",
      footer = ExitCodes.HELP)
  static class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject AadObjects objects;

    @Mixin Named target;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      String name = target.name;
      String namespace = target.namespace;
      boolean binding = objects.delete(BINDING, namespace, name + PodIdentities.BINDING_SUFFIX);
      boolean identity = objects.delete(IDENTITY, namespace, name);
      if (!binding && !identity) {
        spec.commandLine()
            .getErr()
            .println("pod identity " + namespace + "/" + name + " not found");
        return ExitCodes.NOT_FOUND;
      }
      if (binding) {
        out.println(
            "azureidentitybinding.aadpodidentity.k8s.io/"
                + name
                + PodIdentities.BINDING_SUFFIX
                + " deleted");
      }
      if (identity) {
        out.println("azureidentity.aadpodidentity.k8s.io/" + name + " deleted");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List pod identities (az aks pod-identity list): each AzureIdentity with the selectors"
            + " of the bindings that name it, and where it stands on each scale set (pods"
            + " assigned, pending, failed with the reason), from the assigner's records in Kafka.",
        "-o wide: one row per identity and scale set, with the assigner's ledger, until when"
            + " the scale set waits (ARM's 429, a backoff, its budget) and every reason;"
            + " -o json|yaml: the same under each identity's status.scaleSets.",
        "Without Kafka (within "
            + AssignmentStates.TIMEOUT_KEY
            + ", default 10s) the"
            + " identities are listed without it and stderr says why."
      },
      footer = ExitCodes.HELP)
  static class ListIdentities implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject AadObjects objects;
    @Inject EventLog events;
    @Inject CliConfig config;
    @Mixin Output output;

    @Option(names = "--namespace", description = "Only this namespace. Default: all.")
    String namespace;

    @Override
    public Integer call() {
      List<Map<String, Object>> identities = objects.list(IDENTITY, namespace);
      List<Map<String, Object>> bindings = objects.list(BINDING, namespace);
      Map<IdentityRef, String> resourceIds = new LinkedHashMap<>();
      identities.forEach(i -> resourceIds.put(ref(i), Fields.text(i, "spec", "resourceID")));
      Optional<Map<IdentityRef, List<OnTarget>>> state =
          identities.isEmpty()
              ? Optional.of(Map.of())
              : AssignmentStates.read(
                  events,
                  config.kafka().assignmentStateTimeout(),
                  resourceIds,
                  spec.commandLine().getErr());
      List<String> columns =
          List.of("NAMESPACE", "NAME", "TYPE", "CLIENT ID", "SELECTORS", "RESOURCE ID");
      Table table = table(columns, "SCALE-SETS");
      Table wide =
          table(
              columns,
              "SCALE-SET",
              "ASSIGNED",
              "PENDING",
              "FAILED",
              "IN LEDGER",
              "WAITING",
              "REASONS");
      List<Map<String, Object>> all = new ArrayList<>();
      for (Map<String, Object> i : identities) {
        String ns = Fields.text(i, "metadata", "namespace");
        String n = Fields.text(i, "metadata", "name");
        List<String> selectors =
            bindings.stream()
                .filter(b -> ns.equals(Fields.text(b, "metadata", "namespace")))
                .filter(b -> n.equals(Fields.text(b, "spec", "azureIdentity")))
                .map(b -> Fields.text(b, "spec", "selector"))
                .toList();
        List<String> cells =
            List.of(
                ns,
                n,
                Fields.text(i, "spec", "type"),
                Fields.text(i, "spec", "clientID"),
                String.join(",", selectors),
                Fields.text(i, "spec", "resourceID"));
        if (state.isEmpty()) {
          table.row(cells(cells, List.of("unknown")));
          wide.row(cells(cells, List.of("unknown", "", "", "", "", "", "")));
          all.add(i);
          continue;
        }
        List<OnTarget> targets = state.get().getOrDefault(ref(i), List.of());
        table.row(cells(cells, List.of(AssignmentSummary.cell(targets))));
        if (targets.isEmpty()) {
          wide.row(cells(cells, List.of("", "", "", "", "", "", "")));
        }
        targets.forEach(t -> wide.row(cells(cells, t.wideCells())));
        all.add(withScaleSets(i, targets));
      }
      all.addAll(bindings);
      output.print(spec.commandLine().getOut(), all, table, wide);
      return ExitCodes.OK;
    }

    private static IdentityRef ref(Map<String, Object> identity) {
      return new IdentityRef(
          Fields.text(identity, "metadata", "namespace"),
          Fields.text(identity, "metadata", "name"));
    }

    private static Table table(List<String> columns, String... more) {
      List<String> all = new ArrayList<>(columns);
      all.addAll(List.of(more));
      return new Table(all.toArray(String[]::new));
    }

    private static String[] cells(List<String> first, List<String> rest) {
      List<String> all = new ArrayList<>(first);
      all.addAll(rest);
      return all.toArray(String[]::new);
    }

    /** The identity with where it stands under {@code status.scaleSets}: its observed state. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withScaleSets(
        Map<String, Object> identity, List<OnTarget> targets) {
      Map<String, Object> copy = new LinkedHashMap<>(identity);
      Map<String, Object> status =
          copy.get("status") instanceof Map<?, ?> m
              ? new LinkedHashMap<>((Map<String, Object>) m)
              : new LinkedHashMap<>();
      status.put("scaleSets", targets.stream().map(OnTarget::asMap).toList());
      copy.put("status", status);
      return copy;
    }
  }
}
