package dev.podidentity.local.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** aad-pod-identity's CRDs, addressed without classes (the watcher and assigner do the same). */
public final class Crds {
  static final String API_VERSION = "aadpodidentity.k8s.io/v1";
  static final ResourceDefinitionContext IDENTITIES = context("AzureIdentity", "azureidentities");
  static final ResourceDefinitionContext BINDINGS =
      context("AzureIdentityBinding", "azureidentitybindings");
  static final ResourceDefinitionContext EXCEPTIONS =
      context("AzurePodIdentityException", "azurepodidentityexceptions");
  public static final ResourceDefinitionContext ASSIGNED =
      context("AzureAssignedIdentity", "azureassignedidentities");

  private Crds() {}

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("aadpodidentity.k8s.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
