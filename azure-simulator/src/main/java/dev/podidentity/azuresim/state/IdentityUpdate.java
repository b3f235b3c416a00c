package dev.podidentity.azuresim.state;

import java.util.Map;
import java.util.Optional;

/**
 * The identity part of a PATCH or PUT body.
 *
 * @param type the requested type, or null when the body names no type (keep the current one)
 * @param userAssigned requested user identities: {@code true} adds ({@code {}} in JSON), {@code
 *     false} removes ({@code null} in JSON); keys as the client sent them
 * @param replace true for PUT, where the map is the whole set rather than a delta
 */
public record IdentityUpdate(String type, Map<String, Boolean> userAssigned, boolean replace) {

  public IdentityUpdate {
    userAssigned = userAssigned == null ? Map.of() : userAssigned;
  }

  /** What ARM refuses in the request itself, whatever the target and the identities; or empty. */
  Optional<IdentityError> malformed() {
    if (type() != null && IdentityType.parse(type()) == null) {
      return Optional.of(
          new IdentityError(
              400,
              "InvalidParameter",
              "The value '"
                  + type()
                  + "' of parameter 'identity.type' is invalid. Allowed values: None,"
                  + " SystemAssigned, UserAssigned, 'SystemAssigned, UserAssigned'."));
    }
    if (userAssigned().size() > AzureState.MAX_IDENTITIES_PER_REQUEST) {
      return Optional.of(
          new IdentityError(
              400,
              "InvalidParameter",
              "The number of user assigned identities in the request ("
                  + userAssigned().size()
                  + ") exceeds the maximum of "
                  + AzureState.MAX_IDENTITIES_PER_REQUEST
                  + ". Target: 'identity.userAssignedIdentities'."));
    }
    IdentityType parsed = IdentityType.parse(type());
    boolean adds = userAssigned().containsValue(Boolean.TRUE);
    if (parsed != null && !parsed.hasUser() && adds) {
      return Optional.of(
          new IdentityError(
              400,
              "InvalidParameter",
              "The 'userAssignedIdentities' property can only be specified when the identity type"
                  + " includes 'UserAssigned'."));
    }
    return Optional.empty();
  }
}
