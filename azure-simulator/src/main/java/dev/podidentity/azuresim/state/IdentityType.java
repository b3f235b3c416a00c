package dev.podidentity.azuresim.state;

import java.util.Locale;

/** ARM's identity types, with the exact spelling the SDK sends and expects. */
public enum IdentityType {
  NONE("None", false, false),
  SYSTEM_ASSIGNED("SystemAssigned", true, false),
  USER_ASSIGNED("UserAssigned", false, true),
  SYSTEM_AND_USER_ASSIGNED("SystemAssigned, UserAssigned", true, true);

  private final String wire;
  private final boolean system;
  private final boolean user;

  IdentityType(String wire, boolean system, boolean user) {
    this.wire = wire;
    this.system = system;
    this.user = user;
  }

  public String wire() {
    return wire;
  }

  public boolean hasSystem() {
    return system;
  }

  public boolean hasUser() {
    return user;
  }

  public static IdentityType of(boolean system, boolean user) {
    if (system) {
      return user ? SYSTEM_AND_USER_ASSIGNED : SYSTEM_ASSIGNED;
    }
    return user ? USER_ASSIGNED : NONE;
  }

  /** Parses ARM's spelling leniently (case and spaces), as ARM itself does; null if unknown. */
  public static IdentityType parse(String text) {
    if (text == null) {
      return null;
    }
    String norm = text.replace(" ", "").toLowerCase(Locale.ROOT);
    for (IdentityType t : values()) {
      if (t.wire.replace(" ", "").toLowerCase(Locale.ROOT).equals(norm)) {
        return t;
      }
    }
    return null;
  }
}
