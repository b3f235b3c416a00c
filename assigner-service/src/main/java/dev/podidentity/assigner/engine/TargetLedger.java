package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.core.Blocking;
import dev.podidentity.assigner.core.Ownership;
import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.events.LedgerRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A run's writes of its target's ledger besides the PATCH intent: the intent resolved, claims
 * adopted, and whether (and until when) the target's change waits. Each is written only when it
 * changes the record, so a target woken often while it waits does not flood the topic.
 */
final class TargetLedger {
  private static final Logger LOG = Logger.getLogger(TargetLedger.class);

  private final OutputPort output;
  private final InstantSource wallClock;

  TargetLedger(OutputPort output, InstantSource wallClock) {
    this.output = output;
    this.wallClock = wallClock;
  }

  /** The wall-clock instant {@code nanos} from now: when the target tries again. */
  Instant until(long nanos) {
    return Blocking.until(wallClock.instant(), nanos);
  }

  /** Writes {@code base} with {@code blocked} (null: nothing waits), if that is news. */
  void waiting(TargetWork w, LedgerRecord base, LedgerRecord.Blocked blocked) {
    write(w, Blocking.on(w.target, base, blocked));
  }

  /** Resolves the pending intent, if any, against what is known of the target. */
  void resolve(TargetWork w) {
    write(w, resolved(w));
  }

  /** The ledger with its intent (if any) resolved; the ledger itself when it has none. */
  LedgerRecord resolved(TargetWork w) {
    return w.ledger != null && w.ledger.intent() != null
        ? Ownership.resolve(w.target, w.ledger, w.actual)
        : w.ledger;
  }

  /** Owns what the cluster's objects claim and the target shows, once it has been read. */
  void adoptClaims(TargetWork w) {
    if (w.claimed.isEmpty()
        || w.actual == null
        || (w.ledger != null && w.ledger.intent() != null)) {
      return;
    }
    LedgerRecord adopted = Ownership.adopt(w.target, w.ledger, w.claimed, w.actual);
    if (adopted != w.ledger) {
      Set<String> added = new HashSet<>(adopted.owned());
      added.removeAll(Ownership.owned(w.ledger));
      LOG.infof("%s: adopted %s, assigned by another controller", w.target.name(), added);
      write(w, adopted);
    }
    w.claimed.clear();
  }

  private void write(TargetWork w, LedgerRecord next) {
    if (next != w.ledger) {
      w.ledger = next;
      output.ledger(next);
    }
  }
}
