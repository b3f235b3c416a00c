package dev.podidentity.assigner.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Identities that are never removed, whoever added them: those an operator declared immutable and
 * the cluster's own identity (the kubelet identity AKS puts on every node pool). Each is named by
 * client id or resource id, case-insensitively.
 */
public final class Protection implements Predicate<CloudIdentity> {
  private final Set<String> ids;

  public Protection(Collection<String> immutableIds) {
    this.ids =
        immutableIds.stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  public static Protection none() {
    return new Protection(Set.of());
  }

  @Override
  public boolean test(CloudIdentity identity) {
    return ids.contains(identity.resourceId())
        || (identity.clientId() != null
            && ids.contains(identity.clientId().toLowerCase(Locale.ROOT)));
  }
}
