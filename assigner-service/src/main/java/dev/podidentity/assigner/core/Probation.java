package dev.podidentity.assigner.core;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Identities the cloud refused before, whose quarantine has ended, are tried again apart from the
 * target's own work: only when the target has nothing else to do, together, in a probation round.
 * ARM names one refused identity per answer, so mixed back into the target's PATCH, a handful of
 * identities that still do not exist failed every PATCH in turn and held back the valid ones with
 * them; with a short quarantine they came back before the last was found, and the valid ones never
 * went on (a chaos run: five identities with live pods lost).
 *
 * <p>A round tries every refused-before identity in one PATCH; each one refused again leaves the
 * round (and is quarantined again), and the rest are tried at once, until a PATCH takes them. So k
 * identities still refused and m valid again cost k quick refusals and one PATCH, where one PATCH
 * per identity left the m-th valid one m PATCH latencies late (a chaos run: five identities
 * converged 4.2-6.4 s after the last fault against a 4 s bound). An identity refused in a round is
 * tried again only in the next one, which begins when this one asks nothing more, so a round ends
 * however short the quarantine.
 */
public final class Probation {
  /**
   * Quarantines ending this soon after the first to end end with it. A cascade of refusals (one
   * named per answer) quarantines its identities one after the other, a refusal apart; ended one by
   * one, the round that takes them again would be one PATCH each after all.
   */
  public static final Duration TOGETHER = Duration.ofSeconds(1);

  private Probation() {}

  /**
   * The quarantines that end at {@code nowNanos}: those ending by the returned time. Once the first
   * has ended ({@code firstEndNanos}), those due within {@link #TOGETHER} end with it.
   */
  public static long quarantinesEndBy(long nowNanos, long firstEndNanos) {
    return firstEndNanos <= nowNanos ? nowNanos + TOGETHER.toNanos() : nowNanos;
  }

  /** What the target's own decision leaves out: the quarantined and every refused-before one. */
  public static Set<String> excluded(Set<String> quarantined, Set<String> refusedBefore) {
    Set<String> out = new HashSet<>(quarantined);
    out.addAll(refusedBefore);
    return out;
  }

  /**
   * What the decision of the round under way leaves out: the quarantined, and the identities
   * refused again since the round began (an empty {@code refusedInRound} begins a new round).
   */
  public static Set<String> round(Set<String> quarantined, Set<String> refusedInRound) {
    Set<String> out = new HashSet<>(quarantined);
    out.addAll(refusedInRound);
    return out;
  }
}
