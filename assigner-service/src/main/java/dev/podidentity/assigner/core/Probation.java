package dev.podidentity.assigner.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Identities the cloud refused before, whose quarantine has ended, are tried again one at a time
 * and alone: only when the target has nothing else to do, each in a PATCH of its own. ARM names one
 * refused identity per answer, so mixed back into the target's PATCH, a handful of identities that
 * still do not exist failed every PATCH in turn and held back the valid ones with them; with a
 * short quarantine they came back before the last was found, and the valid ones never went on (a
 * chaos run: five identities with live pods lost). A retry that succeeds ends the identity's
 * probation; one refused again is quarantined again.
 */
public final class Probation {
  private Probation() {}

  /** What the target's own decision leaves out: the quarantined and every refused-before one. */
  public static Set<String> excluded(Set<String> quarantined, Set<String> refusedBefore) {
    Set<String> out = new HashSet<>(quarantined);
    out.addAll(refusedBefore);
    return out;
  }

  /**
   * The decisions to try when the target has nothing else to do, in order: each leaves out all but
   * one refused-before identity, so a PATCH it yields adds that one alone.
   */
  public static List<Set<String>> alone(Set<String> quarantined, Set<String> refusedBefore) {
    return new TreeSet<>(refusedBefore)
        .stream()
            .map(
                trying -> {
                  Set<String> out = excluded(quarantined, refusedBefore);
                  out.remove(trying);
                  return out;
                })
            .toList();
  }
}
