package dev.podidentity.cli;

import dev.podidentity.cli.engine.DeadletterCommand;
import dev.podidentity.cli.engine.ExceptionCommand;
import dev.podidentity.cli.engine.ExplainCommand;
import dev.podidentity.cli.engine.HistoryCommand;
import dev.podidentity.cli.engine.IdentityCommand;
import dev.podidentity.cli.engine.ReplayCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code podidentity}: the system's command line, talking to the cluster as kubectl does. */
@TopCommand
@Command(
    name = "podidentity",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Pod identities on AKS, as az aks pod-identity manages them, for aad-pod-identity's objects.",
      "The cluster is the kubeconfig's current context ($KUBECONFIG or ~/.kube/config)."
    },
    subcommands = {
      IdentityCommand.class,
      ExceptionCommand.class,
      HistoryCommand.class,
      ReplayCommand.class,
      DeadletterCommand.class,
      ExplainCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public class PodIdentityCommand {}
