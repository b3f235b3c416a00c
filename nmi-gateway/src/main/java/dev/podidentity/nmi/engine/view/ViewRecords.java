package dev.podidentity.nmi.engine.view;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.HeartbeatRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.authorization.ViewState;
import dev.podidentity.events.kafka.InputRecord;
import dev.podidentity.nmi.core.WatcherHeartbeats;

/** What one record of the feed's topics changes in this node's view, decoded by its topic. */
final class ViewRecords {
  private ViewRecords() {}

  /**
   * Applies {@code r} to {@code state} (a heartbeat to {@code beats}); true when this node's
   * compute target changed.
   *
   * @throws EventParseException when the record's value is not its topic's event
   */
  static boolean apply(ViewState state, WatcherHeartbeats beats, InputRecord r) {
    byte[] v = r.value();
    switch (r.topic()) {
      case Topics.NODES:
        return state.applyNode(r.key(), v == null ? null : EventJson.parse(v, NodeRecord.class));
      case Topics.CONFIG:
        state.applyConfig(r.key(), v == null ? null : EventJson.parse(v, ConfigRecord.class));
        return false;
      case Topics.PODS:
        state.applyPod(r.key(), mine(state, r) ? EventJson.parse(v, PodRecord.class) : null);
        return false;
      case Topics.ASSIGNMENTS:
        state.applyAssignment(
            r.key(), mine(state, r) ? EventJson.parse(v, AssignmentRecord.class) : null);
        return false;
      case Topics.HEARTBEATS:
        if (v != null) {
          beats.handled(r.offset(), EventJson.parse(v, HeartbeatRecord.class).asOfMillis());
        }
        return false;
      default:
        return false;
    }
  }

  /**
   * Whether a pod's record may be this node's, so worth parsing: it has a value, and its node
   * header, if any, names this node. At AKS's limits 99 in 100 records of the partition are other
   * nodes'; they are applied unparsed as what they say about this node's view: the pod under that
   * key is not here (so a pod that left this node is removed, as its record naming the other node
   * would). Records without the header (from producers older than it) are parsed and sorted by the
   * node their JSON names.
   */
  private static boolean mine(ViewState state, InputRecord r) {
    return r.value() != null && (r.node() == null || r.node().equals(state.nodeName()));
  }
}
