package dev.podidentity.events.authorization;

/**
 * What a caller asked for, already parsed from the HTTP request: its normalised source IP, the
 * {@code resource} and at most the identity selectors it named (null when absent).
 */
public record TokenRequest(
    String sourceIp, String resource, String clientId, String resourceId, String objectId) {

  /** Whether the caller named a particular identity. */
  public boolean selectsIdentity() {
    return clientId != null || resourceId != null || objectId != null;
  }
}
