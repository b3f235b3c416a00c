package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The Azure side of the oracle: what must never leave the scale set, and ledger agreement. */
public final class AzureChecks {
  private AzureChecks() {}

  /** Protected identities (there before us, or the cluster's) missing from the scale set now. */
  public static List<String> protectedMissing(Set<String> protectedIds, Set<String> onScaleSet) {
    TreeSet<String> missing = new TreeSet<>(protectedIds);
    missing.removeAll(onScaleSet);
    return List.copyOf(missing);
  }

  /**
   * Where the assigner's ledger and Azure disagree at rest: identities the ledger owns that are not
   * on the scale set ({@code owned-not-in-azure}), and identities on the scale set that neither the
   * ledger owns nor were there before us ({@code in-azure-not-owned}).
   */
  public static List<String> ledgerDisagreement(
      Set<String> owned, Set<String> onScaleSet, Set<String> beforeUs) {
    TreeSet<String> out = new TreeSet<>();
    for (String id : owned) {
      if (!onScaleSet.contains(id)) {
        out.add("owned-not-in-azure " + id);
      }
    }
    for (String id : onScaleSet) {
      if (!owned.contains(id) && !beforeUs.contains(id)) {
        out.add("in-azure-not-owned " + id);
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@link #ledgerDisagreement} on each scale set, each line naming its scale set. A scale set the
   * ledger has no record of owns nothing; one not sampled is skipped (nothing to compare).
   */
  public static List<String> ledgerDisagreementByScaleSet(
      Map<String, Set<String>> ownedByScaleSet,
      Map<String, Set<String>> onByScaleSet,
      Set<String> beforeUs) {
    List<String> out = new ArrayList<>();
    onByScaleSet.forEach(
        (scaleSet, on) ->
            ledgerDisagreement(ownedByScaleSet.getOrDefault(scaleSet, Set.of()), on, beforeUs)
                .forEach(d -> out.add(scaleSet + ": " + d)));
    return out;
  }
}
