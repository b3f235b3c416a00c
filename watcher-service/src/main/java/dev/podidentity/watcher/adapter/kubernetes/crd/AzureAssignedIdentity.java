package dev.podidentity.watcher.adapter.kubernetes.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * aad-pod-identity's AzureAssignedIdentity: written by the assigner for people using kubectl. The
 * watcher does not publish it (the assignments topic is the source of truth).
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@Kind("AzureAssignedIdentity")
@Plural("azureassignedidentities")
public class AzureAssignedIdentity
    extends CustomResource<AzureAssignedIdentitySpec, AzureAssignedIdentityStatus>
    implements Namespaced {}
