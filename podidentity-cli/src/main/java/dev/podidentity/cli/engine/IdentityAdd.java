package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.FederatedCredential;
import dev.podidentity.cli.core.Federation;
import dev.podidentity.cli.core.PodIdentities;
import dev.podidentity.cli.port.AadObjects;
import dev.podidentity.cli.port.CloudIdentities;
import dev.podidentity.cli.port.ServiceAccountIssuer;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
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
 * {@code podidentity identity add}: {@code az aks pod-identity add}. With {@code --federated}, the
 * federated credential is made in Azure first, so a failure there leaves the cluster as it was.
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Add a pod identity (az aks pod-identity add): the AzureIdentity of a user-assigned"
          + " identity and a binding for pods labelled aadpodidbinding=<selector>.",
      "--federated: the identity's tokens come from Entra for the pod's service account"
          + " (workload identity federation), and a federated credential for that service"
          + " account is created on the identity in Azure before anything is written."
    },
    footer = ExitCodes.HELP)
class IdentityAdd implements Callable<Integer> {
  /** Stands in for the client id while the other flags are checked, before ARM is asked. */
  private static final String ANY_CLIENT_ID = "00000000-0000-0000-0000-000000000000";

  private static final String LOG_IN = "log in (az login, or the PODIDENTITY_AZURE_* settings)";

  @Spec CommandSpec spec;
  @Inject AadObjects objects;
  @Inject CloudIdentities cloud;
  @Inject ServiceAccountIssuer issuers;
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
      description =
          "The user-assigned identity's client id (az identity show --query clientId)."
              + " Default: read from Azure with the identity's resource id.")
  String clientId;

  @Option(
      names = "--federated",
      description =
          "Tokens by workload identity federation for the pods' service account: annotates the"
              + " AzureIdentity podidentity.k8s.io/federated=true and creates the identity's"
              + " federated credential in Azure (needs Azure credentials).")
  boolean federated;

  @Option(
      names = "--service-account",
      description = "With --federated: the pods' service account. Default: default.")
  String serviceAccount;

  @Option(
      names = "--issuer",
      description =
          "With --federated: the cluster's service-account issuer (https URL). Default: what"
              + " the cluster's /.well-known/openid-configuration says.")
  String issuer;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!federated && (serviceAccount != null || issuer != null)) {
      throw new IllegalArgumentException("--service-account and --issuer go with --federated");
    }
    PodIdentities.identity(
        target.name, target.namespace, resourceId, clientId == null ? ANY_CLIENT_ID : clientId);
    PodIdentities.binding(target.name, target.namespace, selector);
    FederatedCredential credential = null;
    if (federated) {
      String account =
          PodIdentities.serviceAccount(
              serviceAccount == null ? Federation.DEFAULT_SERVICE_ACCOUNT : serviceAccount);
      String url;
      try {
        url = issuer != null ? Federation.requireIssuer(issuer) : issuers.issuer();
      } catch (IllegalStateException e) {
        err.println(
            "error: "
                + e.getMessage()
                + ": pass --issuer (on AKS: az aks show --query oidcIssuerProfile.issuerUrl)");
        return ExitCodes.FAILURE;
      }
      credential = Federation.credential(url, target.namespace, account);
    }
    String tenantId = null;
    try {
      if (credential != null) {
        CloudIdentities.IdentityIds ids = cloud.idsOf(resourceId);
        clientId = clientId == null ? ids.clientId() : clientId;
        tenantId = ids.tenantId();
        federatedCredential(credential);
      } else if (clientId == null) {
        clientId = cloud.clientIdOf(resourceId);
      }
    } catch (CloudIdentities.Unavailable e) {
      err.println(
          "error: cannot "
              + (credential == null
                  ? "read the identity's client id"
                  : "read the identity or create its federated credential")
              + " in Azure ("
              + e.getMessage()
              + "): "
              + (credential == null ? "pass --client-id, or " + LOG_IN : LOG_IN)
              + "; nothing was written");
      return ExitCodes.FAILURE;
    }
    Map<String, Object> identity =
        PodIdentities.identity(target.name, target.namespace, resourceId, clientId);
    List<Map<String, Object>> written =
        List.of(
            federated ? PodIdentities.federated(identity, tenantId) : identity,
            PodIdentities.binding(target.name, target.namespace, selector));
    List<String> verbs = new ArrayList<>();
    for (Map<String, Object> o : written) {
      verbs.add(objects.put(o) ? "created" : "configured");
    }
    output.written(spec.commandLine().getOut(), written, verbs);
    return ExitCodes.OK;
  }

  /** Creates the credential unless the identity has one for the same issuer and subject. */
  private void federatedCredential(FederatedCredential wanted) {
    Optional<FederatedCredential> present =
        Federation.existing(cloud.federatedCredentialsOf(resourceId), wanted);
    if (present.isEmpty()) {
      cloud.putFederatedCredential(resourceId, wanted);
    }
    FederatedCredential shown = present.orElse(wanted);
    // Status lines go to stdout as kubectl's do, unless stdout carries JSON or YAML.
    PrintWriter to =
        output.format == Output.Format.json || output.format == Output.Format.yaml
            ? spec.commandLine().getErr()
            : spec.commandLine().getOut();
    to.println(
        "federated identity credential "
            + shown.name()
            + " (issuer "
            + shown.issuer()
            + ", subject "
            + shown.subject()
            + ") "
            + (present.isEmpty() ? "created" : "unchanged"));
    to.flush();
  }
}
