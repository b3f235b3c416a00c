package dev.podidentity.watcher.adapter.kubernetes.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** aad-pod-identity's AzureIdentityBinding: pods labelled with the selector get the identity. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("AzureIdentityBinding")
@Plural("azureidentitybindings")
public class AzureIdentityBinding extends CustomResource<AzureIdentityBindingSpec, CrdStatus>
    implements Namespaced {}
