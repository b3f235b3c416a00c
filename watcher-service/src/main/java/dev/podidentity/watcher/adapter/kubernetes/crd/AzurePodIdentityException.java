package dev.podidentity.watcher.adapter.kubernetes.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** aad-pod-identity's AzurePodIdentityException: pods with these labels go straight to IMDS. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("AzurePodIdentityException")
@Plural("azurepodidentityexceptions")
public class AzurePodIdentityException
    extends CustomResource<AzurePodIdentityExceptionSpec, CrdStatus> implements Namespaced {}
