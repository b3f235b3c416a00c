package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The slim projection of a scheduled pod: just what assignment and authorisation need. {@code
 * target} is the compute target of the pod's node, or null while the node is unmanaged or unknown.
 * {@code podIps} lists every IP of the pod (dual-stack pods have two), primary first. {@code
 * serviceAccount} is the pod's {@code spec.serviceAccountName}; records written before it existed
 * lack it and read as {@value #DEFAULT_SERVICE_ACCOUNT}, which is what Kubernetes gives a pod that
 * names none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String uid,
    @JsonProperty(required = true) String namespace,
    @JsonProperty(required = true) String name,
    @JsonProperty(required = true) String nodeName,
    ComputeTarget target,
    List<String> podIps,
    @JsonProperty(required = true) PodPhase phase,
    boolean deleting,
    boolean hostNetwork,
    Map<String, String> labels,
    String serviceAccount,
    String resourceVersion)
    implements Event {

  /** The service account of a pod that names none. */
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";

  /** The label that binds a pod to AzureIdentityBindings with the same selector. */
  public static final String BINDING_LABEL = "aadpodidbinding";

  @JsonCreator
  public PodRecord {
    Require.version(schemaVersion);
    Require.text(uid, "uid");
    Require.text(namespace, "namespace");
    Require.text(name, "name");
    Require.text(nodeName, "nodeName");
    Require.present(phase, "phase");
    podIps = Require.list(podIps);
    labels = Require.map(labels);
    if (serviceAccount == null || serviceAccount.isBlank()) {
      serviceAccount = DEFAULT_SERVICE_ACCOUNT;
    }
  }

  /** The record as before the service account was projected: the default service account. */
  public PodRecord(
      int schemaVersion,
      String uid,
      String namespace,
      String name,
      String nodeName,
      ComputeTarget target,
      List<String> podIps,
      PodPhase phase,
      boolean deleting,
      boolean hostNetwork,
      Map<String, String> labels,
      String resourceVersion) {
    this(
        schemaVersion,
        uid,
        namespace,
        name,
        nodeName,
        target,
        podIps,
        phase,
        deleting,
        hostNetwork,
        labels,
        null,
        resourceVersion);
  }

  /** The pod's binding selector, or null when it has no {@code aadpodidbinding} label. */
  @JsonIgnore
  public String bindingSelector() {
    return labels.get(BINDING_LABEL);
  }

  /** Whether the pod may hold identities: not terminal and not being deleted. */
  @JsonIgnore
  public boolean active() {
    return !deleting && !phase.terminal();
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.pod.v1";
  }
}
