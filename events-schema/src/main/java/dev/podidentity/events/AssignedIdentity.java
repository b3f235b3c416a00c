package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * One identity of a pod's assignment: which AzureIdentity, through which binding, and its state.
 * {@code resourceId} is lowercase (ARM ids are case-insensitive); {@code principalId} (the object
 * id) is known once the cloud has reported it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssignedIdentity(
    @JsonProperty(required = true) String identityNamespace,
    @JsonProperty(required = true) String identityName,
    @JsonProperty(required = true) String bindingName,
    @JsonProperty(required = true) IdentityType type,
    String resourceId,
    String clientId,
    String principalId,
    @JsonProperty(required = true) AssignmentState state,
    String reason) {

  public AssignedIdentity {
    Require.text(identityNamespace, "identityNamespace");
    Require.text(identityName, "identityName");
    Require.text(bindingName, "bindingName");
    Require.present(type, "type");
    Require.present(state, "state");
    resourceId = canonicalResourceId(resourceId);
    if (state == AssignmentState.FAILED && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a FAILED identity needs 'reason'");
    }
  }

  /**
   * An ARM resource id as assignments carry it: lowercased (ARM ids compare without case). The one
   * place it is done, so that an id compares equal to the same id lowercased anywhere else.
   */
  public static String canonicalResourceId(String resourceId) {
    return resourceId == null ? null : resourceId.toLowerCase(Locale.ROOT);
  }
}
