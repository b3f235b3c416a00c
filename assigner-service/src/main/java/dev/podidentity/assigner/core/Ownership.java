package dev.podidentity.assigner.core;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.LedgerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the ledger changes around an identity PATCH. The intent is written before the request; the
 * result (or, after a crash, what the cloud shows) resolves it: an identity we meant to add that is
 * now on the target is ours; one we meant to remove that is gone is no longer ours.
 */
public final class Ownership {
  private Ownership() {}

  public static List<String> owned(LedgerRecord ledger) {
    return ledger == null ? List.of() : ledger.owned();
  }

  public static LedgerRecord withIntent(
      ComputeTarget target, LedgerRecord current, String operationId, Delta delta) {
    return new LedgerRecord(
        Event.CURRENT_SCHEMA_VERSION,
        target,
        owned(current),
        new LedgerRecord.Intent(
            operationId, new ArrayList<>(delta.add()), new ArrayList<>(delta.remove())));
  }

  /**
   * Adopts what the cluster's AzureAssignedIdentity objects show a controller assigned to the
   * target ({@code claimed}: aad-pod-identity's, or ours when the ledger was lost): those of them
   * that are on the target become owned, so they are removed when their last pod goes, as if we had
   * added them. Claimed identities that are not on the target are nothing to own. Returns {@code
   * current} itself when nothing is new, and never adopts while an intent is unresolved (the cloud
   * must be read first).
   */
  public static LedgerRecord adopt(
      ComputeTarget target,
      LedgerRecord current,
      Set<String> claimed,
      Map<String, CloudIdentity> actual) {
    if (current != null && current.intent() != null) {
      return current;
    }
    TreeSet<String> owned = new TreeSet<>(owned(current));
    boolean changed = false;
    for (String id : claimed) {
      if (actual.containsKey(id)) {
        changed |= owned.add(id);
      }
    }
    // Adopting changes what is owned, not whether the target waits.
    return changed
        ? new LedgerRecord(
            Event.CURRENT_SCHEMA_VERSION,
            target,
            new ArrayList<>(owned),
            null,
            current == null ? null : current.blocked())
        : current;
  }

  /** Resolves the pending intent (if any) against what is actually on the target now. */
  public static LedgerRecord resolve(
      ComputeTarget target, LedgerRecord current, Map<String, CloudIdentity> actual) {
    TreeSet<String> owned = new TreeSet<>(owned(current));
    LedgerRecord.Intent intent = current == null ? null : current.intent();
    if (intent != null) {
      for (String id : intent.add()) {
        if (actual.containsKey(id)) {
          owned.add(id);
        }
      }
      for (String id : intent.remove()) {
        if (!actual.containsKey(id)) {
          owned.remove(id);
        }
      }
    }
    return new LedgerRecord(Event.CURRENT_SCHEMA_VERSION, target, new ArrayList<>(owned), null);
  }
}
