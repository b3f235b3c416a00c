package dev.podidentity.watcher;

import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentity;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentityBinding;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentityBindingSpec;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentitySpec;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzurePodIdentityException;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzurePodIdentityExceptionSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;

/** Builders of the objects the integration tests create in the Kubernetes test server. */
public final class ClusterObjects {
  static final String UAMI =
      "/subscriptions/sub-1/resourceGroups/ids/providers/Microsoft.ManagedIdentity/"
          + "userAssignedIdentities/";

  private ClusterObjects() {}

  public static String providerId(String vmss, int instance) {
    return "azure:///subscriptions/sub-1/resourceGroups/MC_rg/providers/Microsoft.Compute/"
        + "virtualMachineScaleSets/"
        + vmss
        + "/virtualMachines/"
        + instance;
  }

  public static Node node(String name, String providerId) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withProviderID(providerId)
        .endSpec()
        .build();
  }

  public static Pod pod(String ns, String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(Map.of("aadpodidbinding", "demo"))
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("app")
        .withImage("demo:1")
        .endContainer()
        .endSpec()
        .build();
  }

  static AzureIdentity identity(String ns, String name, String resourceId) {
    AzureIdentity i = new AzureIdentity();
    i.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    AzureIdentitySpec spec = new AzureIdentitySpec();
    spec.type = 0;
    spec.resourceId = resourceId;
    spec.clientId = "00000000-0000-0000-0000-0000000000c1";
    i.setSpec(spec);
    return i;
  }

  static AzureIdentityBinding binding(String ns, String name, String identity, String selector) {
    AzureIdentityBinding b = new AzureIdentityBinding();
    b.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    AzureIdentityBindingSpec spec = new AzureIdentityBindingSpec();
    spec.azureIdentity = identity;
    spec.selector = selector;
    b.setSpec(spec);
    return b;
  }

  static AzurePodIdentityException exception(String ns, String name, Map<String, String> labels) {
    AzurePodIdentityException x = new AzurePodIdentityException();
    x.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    AzurePodIdentityExceptionSpec spec = new AzurePodIdentityExceptionSpec();
    spec.podLabels = labels;
    x.setSpec(spec);
    return x;
  }
}
