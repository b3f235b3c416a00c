package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** AzureIdentity {@code spec.type}: written as aad-pod-identity's integers 0, 1 and 2. */
public enum IdentityType {
  USER_ASSIGNED_MSI(0),
  SERVICE_PRINCIPAL(1),
  SERVICE_PRINCIPAL_CERTIFICATE(2),
  /** A value this version does not know; such an identity is invalid and never assigned. */
  UNKNOWN(-1);

  private final int code;

  IdentityType(int code) {
    this.code = code;
  }

  @JsonValue
  public int code() {
    return code;
  }

  @JsonCreator
  public static IdentityType of(int code) {
    for (IdentityType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return UNKNOWN;
  }

  /** Only user-assigned identities are put on VMs; service principals need no cloud call. */
  public boolean needsCloudAssignment() {
    return this == USER_ASSIGNED_MSI;
  }
}
