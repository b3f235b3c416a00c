package dev.podidentity.azuresim.state;

import java.util.Map;

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
}
