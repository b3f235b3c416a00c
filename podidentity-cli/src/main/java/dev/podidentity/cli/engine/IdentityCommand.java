package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.PodIdentities;
import dev.podidentity.cli.core.Table;
import dev.podidentity.cli.port.AadObjects;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      IdentityCommand.Add.class,
      IdentityCommand.Delete.class,
      IdentityCommand.ListIdentities.class
    })
public class IdentityCommand {
  private static final String IDENTITY = "AzureIdentity";
  private static final String BINDING = "AzureIdentityBinding";

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add a pod identity (az aks pod-identity add): the AzureIdentity of a user-assigned"
              + " identity and a binding for pods labelled aadpodidbinding=<selector>.",
      footer = ExitCodes.HELP)
  static class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject AadObjects objects;
    @Mixin Output output;

    @Mixin Named target;

    @Option(
        names = {"-i", "--identity-resource-id"},
        required = true,
        description = "The user-assigned identity's resource id.")
    String resourceId;

    @Option(
        names = "--binding-selector",
        description = "The aadpodidbinding label value of its pods. Default: the name.")
    String selector;

    @Option(
        names = "--client-id",
        required = true,
        description = "The user-assigned identity's client id (az identity show --query clientId).")
    String clientId;

    @Override
    public Integer call() {
      List<Map<String, Object>> written =
          List.of(
              PodIdentities.identity(target.name, target.namespace, resourceId, clientId),
              PodIdentities.binding(target.name, target.namespace, selector));
      List<String> verbs = new ArrayList<>();
      for (Map<String, Object> o : written) {
        verbs.add(objects.put(o) ? "created" : "configured");
      }
      output.written(spec.commandLine().getOut(), written, verbs);
      return ExitCodes.OK;
    }
  }

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
      description =
          "List pod identities (az aks pod-identity list): each AzureIdentity with the selectors"
              + " of the bindings that name it.",
      footer = ExitCodes.HELP)
  static class ListIdentities implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject AadObjects objects;
    @Mixin Output output;

    @Option(names = "--namespace", description = "Only this namespace. Default: all.")
    String namespace;

    @Override
    public Integer call() {
      List<Map<String, Object>> identities = objects.list(IDENTITY, namespace);
      List<Map<String, Object>> bindings = objects.list(BINDING, namespace);
      Table table = new Table("NAMESPACE", "NAME", "TYPE", "CLIENT ID", "SELECTORS", "RESOURCE ID");
      for (Map<String, Object> i : identities) {
        String ns = Fields.text(i, "metadata", "namespace");
        String n = Fields.text(i, "metadata", "name");
        List<String> selectors =
            bindings.stream()
                .filter(b -> ns.equals(Fields.text(b, "metadata", "namespace")))
                .filter(b -> n.equals(Fields.text(b, "spec", "azureIdentity")))
                .map(b -> Fields.text(b, "spec", "selector"))
                .toList();
        table.row(
            ns,
            n,
            Fields.text(i, "spec", "type"),
            Fields.text(i, "spec", "clientID"),
            String.join(",", selectors),
            Fields.text(i, "spec", "resourceID"));
      }
      List<Map<String, Object>> all = new ArrayList<>(identities);
      all.addAll(bindings);
      output.print(spec.commandLine().getOut(), all, table);
      return ExitCodes.OK;
    }
  }
}
