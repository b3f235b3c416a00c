package dev.podidentity.nmi.engine.view;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.HeartbeatRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.Partitioning;
import dev.podidentity.events.Topics;
import dev.podidentity.events.authorization.ViewState;
import dev.podidentity.events.kafka.InputRecord;
import dev.podidentity.events.kafka.ReadProgress;
import dev.podidentity.nmi.core.ViewPublishing;
import dev.podidentity.nmi.core.WatcherHeartbeats;
import dev.podidentity.nmi.port.FeedControl;
import dev.podidentity.nmi.port.FeedControl.EndOffsets;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Builds this node's view from the records it is fed: every partition of the nodes and config
 * topics, and the one partition of the pods and assignments topics that holds the node's compute
 * target (the partition of its unmanaged-node key until the target is known). Nothing is committed:
 * every start replays the compacted topics from the beginning.
 *
 * <p>"Current" is defined by end offsets and the watcher's heartbeats: the feed asks for the end
 * offsets (at start, after a change of partition, and on each {@link #confirm()}), and once every
 * record below them has been handled the view holds everything the broker had then, and so
 * everything the watcher had seen by the newest heartbeat below them ({@link HeartbeatRecord}). The
 * view is confirmed as of the earlier of the two. The first confirmation is the end of the replay.
 * When the broker cannot be reached, or the watcher is silent (killed, not leading, or unable to
 * reach the broker itself), the confirmed time stops moving and the view goes stale, which fails
 * requests closed: a pod deleted while nothing reached this node must not be served as the owner of
 * its IP for longer than {@code stale-after}.
 *
 * <p>Records arrive in batches on one thread at a time; answers from the consumer arrive on its
 * polling thread; {@link #confirm()} runs on a timer. The feed's monitor orders them.
 */
public final class ViewFeed {
  private static final Logger LOG = Logger.getLogger(ViewFeed.class);

  private final ViewState state;
  private final ViewHolder holder;
  private final FeedControl control;
  private final Runnable onDeadLetter;
  private final ReadProgress progress = new ReadProgress();
  private final Map<String, Integer> partitions = new HashMap<>();
  private static final TopicPartition BEATS = new TopicPartition(Topics.HEARTBEATS, 0);

  private final WatcherHeartbeats beats = new WatcherHeartbeats();
  private TopicPartition pods;
  private TopicPartition assignments;
  private EndOffsets pending;
  private boolean asking;
  private long confirmedAt;
  private volatile String problem;

  public ViewFeed(ViewState state, ViewHolder holder, FeedControl control, Runnable onDeadLetter) {
    this.state = state;
    this.holder = holder;
    this.control = control;
    this.onDeadLetter = onDeadLetter;
  }

  /**
   * Why the view may not be current: the Kafka client's words while it cannot read (an unreachable
   * broker, a refused credential, a denied topic), otherwise how recent the watcher's heartbeat is.
   */
  public String problem() {
    String p = problem;
    // Not under the monitor: a replay's batch holds it for seconds, and readiness must not wait.
    return p != null ? p : beats.describe();
  }

  private void failed(Throwable e) {
    Throwable cause =
        e.getCause() != null && e instanceof java.util.concurrent.CompletionException
            ? e.getCause()
            : e;
    problem = "cannot read Kafka: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Reads every partition it needs, this node's own from the beginning. */
  public Uni<Void> start() {
    return Uni.combine()
        .all()
        .unis(
            control.partitions(Topics.NODES),
            control.partitions(Topics.CONFIG),
            control.partitions(Topics.PODS),
            control.partitions(Topics.HEARTBEATS))
        .asTuple()
        .chain(
            counts -> {
              synchronized (this) {
                partitions.put(Topics.NODES, counts.getItem1());
                partitions.put(Topics.CONFIG, counts.getItem2());
                partitions.put(Topics.PODS, counts.getItem3());
                partitions.put(Topics.HEARTBEATS, counts.getItem4());
                choosePartitions();
                return readAgain();
              }
            })
        .onFailure()
        .invoke(this::failed);
  }

  /** Applies a batch in order; completes once any change of partition it caused is in place. */
  public Uni<Void> onRecords(List<InputRecord> batch) {
    Uni<Void> moved = null;
    synchronized (this) {
      for (InputRecord r : batch) {
        if (!reads(r.topic(), r.partition())) {
          continue; // this node's previous partition, fetched before the move
        }
        progress.handled(r.topic(), r.partition(), r.offset());
        if (r.key() == null) {
          reject(r, new EventParseException("record without a key", null, null));
        } else if (apply(r) && choosePartitions()) {
          LOG.infof(
              "node %s is on target %s; reading its partition %d",
              state.nodeName(), target() == null ? "none" : target().armId(), pods.partition());
          state.clearTargetState();
          pending = null;
          moved = readAgain();
        }
      }
      reachedYet();
      if (ViewPublishing.publishes(state.replayed(), holder.current().replayed())) {
        holder.publish(state.snapshot(confirmedAt));
      }
    }
    return moved == null ? Uni.createFrom().voidItem() : moved;
  }

  /**
   * Whether this node's pod {@code podUid} has an assignment in the state read so far (published or
   * not: during a replay the view is published only at its end).
   */
  public synchronized boolean assigned(String podUid) {
    return state.assigned(podUid);
  }

  /**
   * Asks for the end offsets of what is read; the view is confirmed once they are reached. Does
   * nothing while an answer (or a replay goal) is outstanding, so the goal never moves away.
   */
  public Uni<Void> confirm() {
    synchronized (this) {
      if (asking || pending != null || partitions.isEmpty()) {
        return Uni.createFrom().voidItem();
      }
      asking = true;
    }
    return control
        .endOffsets()
        .onItemOrFailure()
        .invoke(
            (ends, error) -> {
              synchronized (this) {
                asking = false;
                if (error != null) {
                  failed(error);
                  LOG.warnf("cannot read end offsets: %s", error.getMessage());
                } else {
                  expect(ends);
                }
              }
            })
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Whether the pods and assignments records of {@code partition} are this node's. */
  private boolean reads(String topic, int partition) {
    return switch (topic) {
      case Topics.PODS -> pods != null && pods.partition() == partition;
      case Topics.ASSIGNMENTS -> assignments != null && assignments.partition() == partition;
      default -> true;
    };
  }

  /** Sets this node's partition from its target; true when it is another one than before. */
  private boolean choosePartitions() {
    if (partitions.isEmpty()) {
      return false; // not started: start() chooses once it knows the partition count
    }
    int p =
        target() == null
            ? Partitioning.partitionOfKey(
                Keys.podOnUnmanagedNode(state.nodeName(), "-"), partitions.get(Topics.PODS))
            : Partitioning.partitionOf(state.target(), partitions.get(Topics.PODS));
    if (pods != null && pods.partition() == p) {
      return false;
    }
    pods = new TopicPartition(Topics.PODS, p);
    assignments = new TopicPartition(Topics.ASSIGNMENTS, p);
    return true;
  }

  /** Reads this node's partition again from its beginning (the rest where it is). */
  private Uni<Void> readAgain() {
    progress.reset(pods);
    progress.reset(assignments);
    Set<TopicPartition> all = new HashSet<>(Set.of(pods, assignments));
    for (String topic : List.of(Topics.NODES, Topics.CONFIG, Topics.HEARTBEATS)) {
      for (int i = 0; i < partitions.get(topic); i++) {
        all.add(new TopicPartition(topic, i));
      }
    }
    return control
        .read(all, Set.of(pods, assignments))
        .invoke(this::expectSynchronized)
        .replaceWithVoid();
  }

  private synchronized void expectSynchronized(EndOffsets ends) {
    expect(ends);
  }

  /** The goal to reach: end offsets of partitions still read (not of one just left). */
  private void expect(EndOffsets ends) {
    Map<TopicPartition, Long> goal = new HashMap<>(ends.offsets());
    goal.keySet().removeIf(tp -> !reads(tp.topic(), tp.partition()));
    pending = new EndOffsets(goal, ends.takenAtMillis());
    if (reachedYet()) {
      holder.publish(state.snapshot(confirmedAt));
    }
  }

  private boolean reachedYet() {
    if (pending == null || !progress.reached(pending.offsets())) {
      return false;
    }
    confirmedAt = Math.min(pending.takenAtMillis(), beats.reached(pending.offsets().get(BEATS)));
    pending = null;
    problem = null;
    state.markReplayed();
    return true;
  }

  /** Applies one record; returns true when this node's compute target changed. */
  private boolean apply(InputRecord r) {
    try {
      return ViewRecords.apply(state, beats, r);
    } catch (EventParseException e) {
      reject(r, e);
      return false;
    }
  }

  private void reject(InputRecord r, EventParseException reason) {
    LOG.warnf(
        "dead-lettering %s-%d@%d key=%s: %s",
        r.topic(), r.partition(), r.offset(), r.key() == null ? "-" : r.key(), reason.getMessage());
    onDeadLetter.run();
    r.reject().reject(reason);
  }

  private ComputeTarget target() {
    return state.target();
  }
}
