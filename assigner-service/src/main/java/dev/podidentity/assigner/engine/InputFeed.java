package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Partitioning;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.InputRecord;
import dev.podidentity.events.kafka.ReadProgress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Feeds the assigner's state from its inputs, whatever delivers them, and decides when it may act.
 *
 * <p>The pods topic's partitions come from the consumer group and decide which targets this replica
 * owns; the assignments topic's partition of the same number comes with it (the records this
 * replica's predecessors published). Config, the ledger and the nodes (the node pools eager
 * bindings choose targets by) are read in full. On every assignment the new partitions are read
 * from their beginning, and their targets are acted on only once every input has been handled up to
 * the end offsets taken at the assignment (invariant 3). On revocation a target is handed over only
 * after its run in flight ends (invariant 4). Records that cannot be read are rejected
 * (dead-lettered) and skipped.
 */
public final class InputFeed {
  private static final Logger LOG = Logger.getLogger(InputFeed.class);

  private final Object lock;
  private final AssignerState state;
  private final Reconciler reconciler;
  private final Duration handoverTimeout;
  private final Consumer<Set<TopicPartition>> stopReadingBack;
  private final Runnable replayed;
  private final StateRecords records;
  private final ReadProgress progress = new ReadProgress();
  private final Set<Integer> readyPartitions = new HashSet<>();
  private final Set<Integer> pendingPartitions = new HashSet<>();
  private final Map<TopicPartition, Long> barrier = new HashMap<>();
  private volatile boolean ready;
  private volatile int podPartitions = Topics.TARGET_PARTITIONS;

  /**
   * @param lock guards {@code state}, shared with the reconciler's planning
   * @param stopReadingBack stops reading the given assignments partitions: once replayed, this
   *     replica is their only writer and keeps its records in memory, so reading them back would
   *     only cost CPU in every burst
   * @param replayed called after each replay of newly assigned partitions, before their targets are
   *     acted on (the pipeline reads the cluster's claims afresh, blocking)
   */
  public InputFeed(
      Object lock,
      AssignerState state,
      Reconciler reconciler,
      Duration handoverTimeout,
      Consumer<Set<TopicPartition>> stopReadingBack,
      Runnable replayed) {
    this.lock = lock;
    this.state = state;
    this.reconciler = reconciler;
    this.handoverTimeout = handoverTimeout;
    this.stopReadingBack = stopReadingBack;
    this.replayed = replayed;
    this.records = new StateRecords(lock, state, reconciler);
  }

  /** True once the first replay completed (a replica with no partitions is ready too). */
  public boolean ready() {
    return ready;
  }

  /**
   * Pod partitions were assigned to this replica, and the reader now reads them (and the same
   * assignments partitions) from their beginning. {@code ends} are the end offsets taken after
   * that, of those partitions and of the config and ledger topics.
   */
  public void assigned(
      int partitionCount, Collection<Integer> added, Map<TopicPartition, Long> ends) {
    synchronized (this) {
      podPartitions = partitionCount;
      for (int p : added) {
        progress.reset(new TopicPartition(Topics.PODS, p));
        progress.reset(new TopicPartition(Topics.ASSIGNMENTS, p));
      }
      pendingPartitions.addAll(added);
      barrier.putAll(ends);
      if (added.isEmpty() && pendingPartitions.isEmpty()) {
        ready = true;
      }
    }
    LOG.infof("assigned pod partitions %s; replaying before acting", added);
    // Outside this monitor: acting on the replayed targets takes the state lock and enqueues.
    checkBarrier();
  }

  /**
   * Pod partitions were revoked (or lost): their targets are handed over once their runs in flight
   * end, waiting at most the hand-over timeout, and their pods are forgotten.
   */
  public void revoked(Collection<Integer> gone) {
    Set<Integer> owned;
    synchronized (this) {
      readyPartitions.removeAll(gone);
      pendingPartitions.removeAll(gone);
      barrier
          .keySet()
          .removeIf(
              tp ->
                  !Topics.CONFIG.equals(tp.topic())
                      && !Topics.LEDGER.equals(tp.topic())
                      && !Topics.NODES.equals(tp.topic())
                      && gone.contains(tp.partition()));
      owned = Set.copyOf(readyPartitions);
    }
    int n = podPartitions;
    reconciler.own(t -> owned.contains(Partitioning.partitionOf(t, n)));
    try {
      // Kafka hands the partitions over when this returns: not before our runs in flight end.
      reconciler
          .release(t -> gone.contains(Partitioning.partitionOf(t, n)))
          .get(handoverTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warnf("pod partitions %s: a run still in flight after %s", gone, handoverTimeout);
    } catch (ExecutionException e) {
      LOG.warnf(e, "pod partitions %s: hand-over failed", gone);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      state.forgetPods(key -> gone.contains(Partitioning.partitionOfKey(key, n)));
    }
    LOG.infof("handed over pod partitions %s", gone);
  }

  /** Records of the pods and assignments topics, in order. */
  public void owned(List<InputRecord> batch) {
    Set<TopicPartition> readBack = new HashSet<>();
    reconciler.inputBatch(batch.size());
    reconciler.inputsBehind(true);
    try {
      for (InputRecord r : batch) {
        boolean replaying;
        synchronized (this) {
          if (!pendingPartitions.contains(r.partition())
              && !readyPartitions.contains(r.partition())) {
            continue; // a partition revoked while this batch was on its way
          }
          progress.handled(r.topic(), r.partition(), r.offset());
          replaying = pendingPartitions.contains(r.partition());
        }
        if (Topics.PODS.equals(r.topic())) {
          StateRecords.handle(r, records::pod);
        } else if (replaying) {
          // Read back only while replaying: afterwards the reconciler's own copy is newer.
          StateRecords.handle(r, records::seed);
        } else {
          readBack.add(new TopicPartition(r.topic(), r.partition()));
        }
      }
    } finally {
      reconciler.inputsBehind(false);
    }
    if (!readBack.isEmpty()) {
      // Our own records, read back although reading stopped after the replay: the connector,
      // resuming after it paused for back-pressure, resumes every partition it has. Measured in a
      // burst of 10,000 pods: 19,479 of our records read back, in the fetches the pods came in.
      stopReadingBack.accept(readBack);
    }
    checkBarrier();
  }

  /** Records of the config, ledger and nodes topics, in order. */
  public void tables(List<InputRecord> batch) {
    for (InputRecord r : batch) {
      synchronized (this) {
        progress.handled(r.topic(), r.partition(), r.offset());
      }
      StateRecords.Handler handler =
          switch (r.topic()) {
            case Topics.CONFIG -> records::config;
            case Topics.NODES -> records::node;
            default -> records::ledger;
          };
      StateRecords.handle(r, handler);
    }
    checkBarrier();
  }

  /** Once everything is read to the barrier, the replaying partitions' targets are acted on. */
  private void checkBarrier() {
    Set<Integer> owned;
    Set<TopicPartition> readBack = new HashSet<>();
    synchronized (this) {
      if (barrier.isEmpty() || !progress.reached(barrier)) {
        return;
      }
      barrier.clear();
      readyPartitions.addAll(pendingPartitions);
      for (int p : pendingPartitions) {
        readBack.add(new TopicPartition(Topics.ASSIGNMENTS, p));
      }
      pendingPartitions.clear();
      owned = Set.copyOf(readyPartitions);
    }
    LOG.infof("replayed to the end; acting on pod partitions %s", owned);
    stopReadingBack.accept(readBack);
    int n = podPartitions;
    reconciler.own(t -> owned.contains(Partitioning.partitionOf(t, n)));
    // Before any target runs: a run writes its pods' AzureAssignedIdentity objects, which would
    // replace another controller's objects before their claims were read.
    replayed.run();
    Collection<ComputeTarget> targets;
    synchronized (lock) {
      targets = state.targets();
    }
    reconciler.enqueueAll(targets);
    ready = true;
  }

  /**
   * A fresh listing of what the cluster's AzureAssignedIdentity objects claim, by target: it
   * replaces the previous one, and the claimed targets run to adopt what they show.
   */
  public void claims(Map<ComputeTarget, Set<String>> listed) {
    records.claims(listed);
  }
}
