package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The one in-memory output of the assigner's tests: the latest record per key, and counts. */
public final class RecordingOutput implements OutputPort {
  final Map<ComputeTarget, LedgerRecord> ledgers = new ConcurrentHashMap<>();

  /** Every ledger record written, in order: what the compacted topic holds before compaction. */
  final List<LedgerRecord> ledgerWrites = new CopyOnWriteArrayList<>();

  final Map<String, AssignmentRecord> assignments = new ConcurrentHashMap<>();
  final AtomicInteger published = new AtomicInteger();

  /** Runs once, inside the first ledger write that clears an intent the previous one held. */
  private volatile Runnable onIntentResolved;

  @Override
  public void ledger(LedgerRecord ledger) {
    published.incrementAndGet();
    LedgerRecord before = ledgers.get(ledger.target());
    ledgerWrites.add(ledger);
    ledgers.put(ledger.target(), ledger);
    Runnable hook = onIntentResolved;
    if (hook != null && before != null && before.intent() != null && ledger.intent() == null) {
      onIntentResolved = null;
      hook.run();
    }
  }

  /** {@code meanwhile} runs in the write that records an intent resolved, as a slow broker. */
  void onceIntentResolved(Runnable meanwhile) {
    onIntentResolved = meanwhile;
  }

  @Override
  public void assignment(AssignmentRecord assignment) {
    published.incrementAndGet();
    assignments.put(Keys.of(assignment), assignment);
  }

  @Override
  public void assignmentGone(String key, AssignmentRecord last) {
    published.incrementAndGet();
    assignments.remove(key);
  }

  public LedgerRecord ledger(ComputeTarget target) {
    return ledgers.get(target);
  }
}
