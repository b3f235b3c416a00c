package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.kafka.InputRecord;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What one input record does: parsed, applied to the state under its lock, and the targets it
 * affects enqueued. A record that cannot be read is rejected (dead-lettered) and skipped. When a
 * record may be applied, and what its partition's replay decides, is {@link InputFeed}'s.
 */
final class StateRecords {
  private static final Logger LOG = Logger.getLogger(StateRecords.class);

  private final Object lock;
  private final AssignerState state;
  private final Reconciler reconciler;

  /** One record's effect, by key and bytes (null: a tombstone). */
  interface Handler {
    void handle(String key, byte[] value);
  }

  StateRecords(Object lock, AssignerState state, Reconciler reconciler) {
    this.lock = lock;
    this.state = state;
    this.reconciler = reconciler;
  }

  /** Applies {@code r} through {@code handler}; rejects it when it has no key or cannot be read. */
  static void handle(InputRecord r, Handler handler) {
    if (r.key() == null) {
      r.reject().reject(new EventParseException("record without a key", null, null));
      return;
    }
    try {
      handler.handle(r.key(), r.value());
    } catch (EventParseException e) {
      LOG.warnf(
          "dead-lettering %s-%d@%d key=%s: %s",
          r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
      r.reject().reject(e);
    }
  }

  void pod(String key, byte[] value) {
    PodRecord pod = value == null ? null : EventJson.parse(value, PodRecord.class);
    enqueue(() -> state.pod(key, pod));
  }

  void config(String key, byte[] value) {
    ConfigRecord record = value == null ? null : EventJson.parse(value, ConfigRecord.class);
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.config(key, record);
    }
    if (record instanceof IdentityRecord identity && identity.resourceId() != null) {
      reconciler.identityChanged(identity.resourceId().toLowerCase(Locale.ROOT));
    }
    reconciler.enqueueAll(affected);
  }

  void node(String key, byte[] value) {
    node(key, value == null ? null : EventJson.parse(value, NodeRecord.class));
  }

  /** A node record or tombstone. */
  void node(String key, NodeRecord node) {
    enqueue(() -> state.node(key, node));
  }

  void ledger(String key, byte[] value) {
    if (value == null) {
      return; // The assigner never deletes a ledger; nothing to forget.
    }
    LedgerRecord ledger = EventJson.parse(value, LedgerRecord.class);
    synchronized (lock) {
      state.ledger(ledger.target(), ledger);
    }
  }

  /** An assignment record read back while replaying: what this target's last writer published. */
  void seed(String key, byte[] value) {
    AssignmentRecord record = value == null ? null : EventJson.parse(value, AssignmentRecord.class);
    reconciler.seedPublished(key, record);
  }

  /** The cluster's claims, listed afresh: the claimed targets run to adopt what they show. */
  void claims(Map<ComputeTarget, Set<String>> listed) {
    enqueue(() -> state.claims(listed));
  }

  private void enqueue(Supplier<Set<ComputeTarget>> change) {
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = change.get();
    }
    reconciler.enqueueAll(affected);
  }
}
