package dev.podidentity.watcher.core;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;

/**
 * The federated marking of an AzureIdentity: {@value IdentityRecord#FEDERATED_ANNOTATION}{@code :
 * "true"} on a type 0 identity. An annotation rather than a new type, so every existing identity
 * keeps its meaning and aad-pod-identity still accepts the object; on anything but type 0, or with
 * a value that is not a boolean, it makes the identity invalid rather than being ignored, so a typo
 * never silently turns a federated identity into a scale-set assignment.
 */
final class FederatedMarking {
  private static final String KEY = IdentityRecord.FEDERATED_ANNOTATION;

  private FederatedMarking() {}

  /** Whether the identity carries the annotation with the value {@code true}. */
  static boolean federated(IdentityInput in) {
    String value = value(in);
    return value != null && "true".equalsIgnoreCase(value.trim());
  }

  /** What is wrong with the marking, or null (absent, or valid for this identity). */
  static String problem(IdentityInput in, IdentityType type) {
    String value = value(in);
    if (value == null) {
      return null;
    }
    boolean federated = federated(in);
    if (!federated && !"false".equalsIgnoreCase(value.trim())) {
      return "annotation " + KEY + " must be \"true\" or \"false\", not \"" + value + "\"";
    }
    if (federated && type != IdentityType.USER_ASSIGNED_MSI) {
      return "annotation "
          + KEY
          + " is only valid on a type 0 (user-assigned identity), not on spec.type '"
          + in.type()
          + "'";
    }
    if (federated && (in.clientId() == null || in.clientId().isBlank())) {
      return "a federated identity needs spec.clientID (the identity its tokens are for)";
    }
    return null;
  }

  private static String value(IdentityInput in) {
    return in.annotations() == null ? null : in.annotations().get(KEY);
  }
}
