package dev.podidentity.azuresim.state;

/** Why ARM refuses an identity change: HTTP status plus ARM's error code and message. */
public record IdentityError(int status, String code, String message) {

  static IdentityError failedIdentityOperation(ComputeTarget target, String identityId) {
    return new IdentityError(
        400,
        "FailedIdentityOperation",
        "Identity operation for resource '"
            + target.id()
            + "' failed with error 'Failed to perform resource identity operation. Status:"
            + " 'NotFound'. Response: '{\"error\":{\"code\":\"ResourceNotFound\",\"message\":"
            + "\"Resource '"
            + identityId.toLowerCase(java.util.Locale.ROOT)
            + "' was not found.\"}}''.");
  }

  static IdentityError linkedAuthorizationFailed(ComputeTarget target, String identityId) {
    return new IdentityError(
        403,
        "LinkedAuthorizationFailed",
        "The client has permission to perform action '"
            + target.kind().armType
            + "/write' on scope '"
            + target.id()
            + "', however it does not have permission to perform action"
            + " 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked"
            + " scope(s) '"
            + identityId.toLowerCase(java.util.Locale.ROOT)
            + "' or the linked scope(s) are invalid.");
  }
}
