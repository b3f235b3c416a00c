package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The assigner's word on one pod: every identity the pod is bound to, with its state. Keyed like
 * the pod, so it lands in the same partition number; a tombstone when the pod is gone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssignmentRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String podUid,
    @JsonProperty(required = true) String namespace,
    @JsonProperty(required = true) String podName,
    @JsonProperty(required = true) String nodeName,
    @JsonProperty(required = true) ComputeTarget target,
    List<AssignedIdentity> identities)
    implements Event {

  public AssignmentRecord {
    Require.version(schemaVersion);
    Require.text(podUid, "podUid");
    Require.text(namespace, "namespace");
    Require.text(podName, "podName");
    Require.text(nodeName, "nodeName");
    Require.present(target, "target");
    identities = Require.list(identities);
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.assignment.v1";
  }
}
