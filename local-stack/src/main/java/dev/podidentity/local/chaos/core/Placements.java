package dev.podidentity.local.chaos.core;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * With several node pools an identity is wanted, or not, on each scale set by itself: on the scale
 * sets whose nodes run a pod bound to it, off the others. The oracle therefore judges placements,
 * an identity on one scale set, written {@code "<identity> on <scale set>"}, so that {@link
 * Convergence} and the reports treat each pair as it treated an identity with one scale set.
 */
public final class Placements {
  private static final String ON = " on ";

  private Placements() {}

  public static String key(String identity, String scaleSet) {
    return identity + ON + scaleSet;
  }

  /** Every identity on each scale set, as placements: one sample of all the scale sets. */
  public static Set<String> of(Map<String, ? extends Collection<String>> identitiesByScaleSet) {
    Set<String> out = new TreeSet<>();
    identitiesByScaleSet.forEach((scaleSet, ids) -> ids.forEach(id -> out.add(key(id, scaleSet))));
    return out;
  }

  /**
   * The placements wanted on: each scale set with the identities of the live pods on its nodes,
   * less {@code excluded} identities (protected, or unknown to Azure).
   */
  public static Set<String> wantedOn(
      Map<String, ? extends Collection<String>> boundByScaleSet, Set<String> excluded) {
    Set<String> out = new TreeSet<>();
    boundByScaleSet.forEach(
        (scaleSet, ids) ->
            ids.stream()
                .filter(id -> !excluded.contains(id))
                .forEach(id -> out.add(key(id, scaleSet))));
    return out;
  }

  /**
   * The placements wanted off: every identity the workload made on every scale set, unless wanted
   * on there or {@code excluded}.
   */
  public static Set<String> wantedOff(
      Collection<String> scaleSets,
      Collection<String> identities,
      Set<String> wantedOn,
      Set<String> excluded) {
    Set<String> out = new TreeSet<>();
    for (String scaleSet : scaleSets) {
      for (String id : identities) {
        String key = key(id, scaleSet);
        if (!excluded.contains(id) && !wantedOn.contains(key)) {
          out.add(key);
        }
      }
    }
    return out;
  }
}
