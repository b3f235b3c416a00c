package dev.podidentity.watcher.adapter.kubernetes.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** aad-pod-identity's AzureIdentity ({@code aadpodidentity.k8s.io/v1}). */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("AzureIdentity")
@Plural("azureidentities")
public class AzureIdentity extends CustomResource<AzureIdentitySpec, CrdStatus>
    implements Namespaced {}
