package dev.podidentity.watcher.adapter.kubernetes.crd;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The API group of aad-pod-identity's CRDs and how to address each one without its class. */
public final class Crds {
  public static final String GROUP = "aadpodidentity.k8s.io";
  public static final String VERSION = "v1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  public static final ResourceDefinitionContext IDENTITIES =
      context("AzureIdentity", "azureidentities");
  public static final ResourceDefinitionContext BINDINGS =
      context("AzureIdentityBinding", "azureidentitybindings");
  public static final ResourceDefinitionContext EXCEPTIONS =
      context("AzurePodIdentityException", "azurepodidentityexceptions");

  private Crds() {}

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
