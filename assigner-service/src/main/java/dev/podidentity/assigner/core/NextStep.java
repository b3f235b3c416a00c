package dev.podidentity.assigner.core;

import dev.podidentity.events.LedgerRecord;
import java.util.Map;
import java.util.Set;

/**
 * What a target's run does next: the whole decision, pure, so the run itself only performs it. A
 * run asks again after each step it performs (a read changes what is known, a PATCH what is there),
 * until the answer is {@link Idle} or {@link Wait}.
 */
public sealed interface NextStep {
  /** Read the target from the cloud before deciding anything. */
  record Read() implements NextStep {}

  /** Nothing to change; look again after {@code recheckNanos} when it is not negative. */
  record Idle(long recheckNanos) implements NextStep {}

  /** There are changes, but no budget for them yet: run again after {@code nanos}. */
  record Wait(long nanos) implements NextStep {}

  /** Make this change (at most one request's worth), its ledger intent durable first. */
  record Patch(Delta change) implements NextStep {}

  /**
   * Decides the next step for one target.
   *
   * @param refreshAsked something asked for a fresh read (drift repair, an unknown outcome)
   * @param actual what the last read or PATCH showed on the target; null if never read
   * @param ledger what we own on the target, and an intent not yet resolved, if any
   * @param quarantined identities the cloud refused, kept out of PATCHes for now
   * @param protection identities never removed (immutable, the cluster's own)
   * @param lingering owned identities kept a while after their last pod
   * @param budgetWaitNanos how long until a PATCH is allowed: both budgets (target, subscription)
   *     have a token and no Retry-After or backoff of an earlier failure still holds
   */
  static NextStep decide(
      boolean refreshAsked,
      TargetPlan plan,
      Map<String, CloudIdentity> actual,
      LedgerRecord ledger,
      Set<String> quarantined,
      Protection protection,
      Lingering lingering,
      long budgetWaitNanos) {
    // An unresolved intent means a PATCH of unknown outcome: only the cloud can say what it did.
    if (refreshAsked || actual == null || (ledger != null && ledger.intent() != null)) {
      return new Read();
    }
    Delta delta =
        Delta.between(
            plan.desired().keySet(),
            actual,
            Ownership.owned(ledger),
            quarantined,
            protection.or(ci -> lingering.kept().contains(ci.resourceId())));
    if (delta.isEmpty()) {
      return new Idle(lingering.nextDueNanos());
    }
    if (budgetWaitNanos > 0) {
      return new Wait(budgetWaitNanos);
    }
    return new Patch(delta.chunks(Delta.MAX_IDENTITIES_PER_REQUEST).get(0));
  }
}
