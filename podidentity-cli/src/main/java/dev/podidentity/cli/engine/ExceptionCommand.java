package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.PodIdentities;
import dev.podidentity.cli.core.Table;
import dev.podidentity.cli.port.AadObjects;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podidentity exception add|update|delete|list}: {@code az aks pod-identity exception}'s
 * flow. Pods with all of an exception's labels bypass the NMI's identity check (IMDS answers them
 * directly, as aad-pod-identity did).
 */
@Command(
    name = "exception",
    mixinStandardHelpOptions = true,
    description = "Pod identity exceptions: pods that reach IMDS without the NMI's check.",
    subcommands = {
      ExceptionCommand.Add.class,
      ExceptionCommand.Update.class,
      ExceptionCommand.Delete.class,
      ExceptionCommand.ListExceptions.class
    })
public class ExceptionCommand {
  static final String KIND = "AzurePodIdentityException";

  /** Writes the exception if {@code mustExist} matches whether it exists. */
  abstract static class Write implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject AadObjects objects;
    @Mixin Output output;
    @Mixin Named target;

    @Option(
        names = "--pod-labels",
        required = true,
        arity = "1..*",
        description = "Labels the pods must all carry: key=value[,key=value...].")
    List<String> podLabels;

    abstract boolean mustExist();

    @Override
    public Integer call() {
      Map<String, Object> exception =
          PodIdentities.exception(target.name, target.namespace, PodIdentities.labels(podLabels));
      boolean exists = objects.get(KIND, target.namespace, target.name).isPresent();
      if (exists != mustExist()) {
        spec.commandLine()
            .getErr()
            .println(
                "exception "
                    + target.namespace
                    + "/"
                    + target.name
                    + (exists ? " already exists: use exception update" : " not found"));
        return exists ? ExitCodes.FAILURE : ExitCodes.NOT_FOUND;
      }
      objects.put(exception);
      output.written(
          spec.commandLine().getOut(),
          List.of(exception),
          List.of(exists ? "configured" : "created"));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add an exception (az aks pod-identity exception add).",
      footer = ExitCodes.HELP)
  static class Add extends Write {
    @Override
    boolean mustExist() {
      return false;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Replace an exception's pod labels (az aks pod-identity exception update).",
      footer = ExitCodes.HELP)
  static class Update extends Write {
    @Override
    boolean mustExist() {
      return true;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete an exception (az aks pod-identity exception delete).",
      footer = ExitCodes.HELP)
  static class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject AadObjects objects;
    @Mixin Named target;

    @Override
    public Integer call() {
      if (!objects.delete(KIND, target.namespace, target.name)) {
        spec.commandLine()
            .getErr()
            .println("exception " + target.namespace + "/" + target.name + " not found");
        return ExitCodes.NOT_FOUND;
      }
      spec.commandLine()
          .getOut()
          .println("azurepodidentityexception.aadpodidentity.k8s.io/" + target.name + " deleted");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List exceptions (az aks pod-identity exception list).",
      footer = ExitCodes.HELP)
  static class ListExceptions implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject AadObjects objects;
    @Mixin Output output;

    @Option(names = "--namespace", description = "Only this namespace. Default: all.")
    String namespace;

    @Override
    public Integer call() {
      List<Map<String, Object>> all = objects.list(KIND, namespace);
      Table table = new Table("NAMESPACE", "NAME", "POD LABELS");
      for (Map<String, Object> e : all) {
        Object labels = ((Map<?, ?>) e.getOrDefault("spec", Map.of())).get("podLabels");
        String text =
            labels instanceof Map<?, ?> m
                ? String.join(
                    ",", m.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList())
                : "";
        table.row(
            Fields.text(e, "metadata", "namespace"), Fields.text(e, "metadata", "name"), text);
      }
      output.print(spec.commandLine().getOut(), all, table);
      return ExitCodes.OK;
    }
  }
}
