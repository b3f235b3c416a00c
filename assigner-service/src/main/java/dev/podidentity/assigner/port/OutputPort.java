package dev.podidentity.assigner.port;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.LedgerRecord;

/**
 * What the assigner tells the world. The ledger call returns only once the record is durable
 * (acknowledged by every in-sync replica): an identity PATCH must never precede its intent.
 */
public interface OutputPort {
  void ledger(LedgerRecord ledger);

  void assignment(AssignmentRecord assignment);

  /** The pod is gone or no longer bound: tombstone its assignment (key of the pods topic). */
  void assignmentGone(String key, AssignmentRecord last);
}
