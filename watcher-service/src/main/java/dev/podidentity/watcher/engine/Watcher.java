package dev.podidentity.watcher.engine;

import dev.podidentity.events.Event;
import dev.podidentity.events.Topics;
import dev.podidentity.watcher.core.ClusterChange;
import dev.podidentity.watcher.core.Publication;
import dev.podidentity.watcher.core.Reconciler;
import dev.podidentity.watcher.core.SyncResult;
import dev.podidentity.watcher.core.Warning;
import dev.podidentity.watcher.port.ClusterSource;
import dev.podidentity.watcher.port.EventPublisher;
import dev.podidentity.watcher.port.Leadership;
import dev.podidentity.watcher.port.TopicContents;
import dev.podidentity.watcher.port.WarningRecorder;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One watcher instance: feeds cluster changes to the {@link Reconciler} and sends what it decides.
 * Every decision and its hand-over to the publisher happen under one lock, so records of one key
 * leave in the order the changes were seen. On gaining the lease it reads the topics and resyncs
 * before publishing anything; on losing it, it stops publishing and keeps watching. Single use:
 * build a new instance to start again.
 *
 * <p>Resyncs, retries and hand-offs run on the given workers (the application's worker pool, see
 * {@link Tasks}); each checks under the lock that the instance still holds the role it was
 * scheduled for, so tasks that fire after a role change or after {@link #close()} do nothing.
 */
public final class Watcher implements AutoCloseable {
  /** The topics the watcher owns, in the order a resync reads them. */
  static final List<String> TOPICS = List.of(Topics.NODES, Topics.PODS, Topics.CONFIG);

  private static final Logger LOG = Logger.getLogger(Watcher.class);

  /** How the instance is run; see {@code WatcherConfig} for the meaning of each. */
  public record Settings(
      String instance,
      Duration syncTimeout,
      Duration resyncInterval,
      Duration retryDelay,
      Duration heartbeatInterval) {}

  private final ClusterSource source;
  private final EventPublisher publisher;
  private final TopicContents topics;
  private final WarningRecorder warnings;
  private final Leadership leadership;
  private final WatcherMetrics metrics;
  private final Settings settings;
  private final Tasks tasks;
  private volatile Cancellable periodic;
  private volatile Cancellable beats;
  private final Heartbeats heartbeats;
  private final Object lock = new Object();
  private final Reconciler reconciler = new Reconciler();
  private volatile Role role = Role.STARTING;
  private long epoch;
  private boolean watchedAtLastBeat; // guarded by lock

  public Watcher(
      ClusterSource source,
      EventPublisher publisher,
      TopicContents topics,
      WarningRecorder warnings,
      Leadership leadership,
      WatcherMetrics metrics,
      Settings settings,
      Executor workers) {
    this.source = source;
    this.publisher = publisher;
    this.topics = topics;
    this.warnings = warnings;
    this.leadership = leadership;
    this.metrics = metrics;
    this.settings = settings;
    this.tasks = new Tasks(workers);
    this.heartbeats = new Heartbeats(publisher, tasks, settings.instance(), metrics);
  }

  /**
   * Lists and watches the cluster, waiting up to the sync timeout for the lists, then competes for
   * the lease. Throws when the cluster cannot be listed in time.
   */
  public void start() {
    try {
      Uni.createFrom()
          .completionStage(source.start(this::onChange))
          .await()
          .atMost(settings.syncTimeout());
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(
          e instanceof TimeoutException
              ? "the cluster could not be listed within " + settings.syncTimeout()
              : "the cluster could not be listed",
          e);
    }
    role = Role.FOLLOWER;
    LOG.info("event=listed role=follower");
    leadership.start(Leadership.Listener.of(this::onStartLeading, this::onStopLeading));
    Duration every = settings.resyncInterval();
    if (!every.isZero()) {
      periodic = tasks.every(every, () -> resync("periodic"));
    }
    beats = tasks.every(settings.heartbeatInterval(), this::beat);
  }

  public Role role() {
    return role;
  }

  /** Whether the watches still run; false means only a restart helps. */
  public boolean live() {
    return role == Role.STARTING || (role != Role.STOPPED && source.running());
  }

  /** Stops publishing and watching, and gives up the lease. */
  @Override
  public void close() {
    leadership.stop();
    synchronized (lock) {
      epoch++;
      reconciler.follow();
      role = Role.STOPPED;
      metrics.leader(false);
    }
    source.stop();
    for (Cancellable c : new Cancellable[] {periodic, beats}) {
      if (c != null) {
        c.cancel();
      }
    }
  }

  private void onChange(ClusterChange change) {
    synchronized (lock) {
      dispatch(change.applyTo(reconciler));
    }
  }

  private void onStartLeading() {
    long mine;
    synchronized (lock) {
      if (role == Role.STOPPED) {
        return;
      }
      mine = ++epoch;
      role = Role.SYNCING;
      metrics.leader(true);
    }
    LOG.info("event=lease-acquired role=leader action=reading-topics");
    tasks.now(() -> resyncAsLeader(mine));
  }

  private void onStopLeading() {
    synchronized (lock) {
      if (role == Role.STOPPED) {
        return;
      }
      epoch++;
      reconciler.follow();
      role = Role.FOLLOWER;
      metrics.leader(false);
    }
    LOG.info("event=lease-lost role=follower action=stopped-publishing");
  }

  /** Reads what the topics hold (outside the lock: it takes a while), then resyncs against it. */
  private void resyncAsLeader(long mine) {
    Map<String, Map<String, Optional<Event>>> contents = new LinkedHashMap<>();
    try {
      for (String topic : TOPICS) {
        contents.put(topic, topics.latest(topic));
      }
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "event=topic-read-failed retry_in=%s: not publishing until it succeeds",
          settings.retryDelay());
      tasks.after(settings.retryDelay(), () -> resyncAsLeader(mine));
      return;
    }
    synchronized (lock) {
      if (mine != epoch) {
        return; // the lease was lost (or regained) meanwhile; that transition resyncs itself
      }
      SyncResult result = reconciler.lead(source.snapshot(), contents);
      heartbeats.resynced();
      role = Role.LEADER;
      metrics.relisted("leader");
      LOG.infof(
          "event=resynced reason=leader records=%d topic_keys=%s",
          result.publications().size(), keyCounts());
      dispatch(result);
    }
  }

  private void resync(String reason) {
    synchronized (lock) {
      if (role != Role.LEADER) {
        return;
      }
      SyncResult result = reconciler.resync(source.snapshot());
      heartbeats.resynced();
      metrics.relisted(reason);
      if (!result.publications().isEmpty()) {
        LOG.infof("event=resynced reason=%s records=%d", reason, result.publications().size());
      }
      dispatch(result);
    }
  }

  /**
   * Writes a heartbeat as of now (see {@link Heartbeats}) while leading, with every watch connected
   * at this tick and the one before: a heartbeat claims the changes made before it were seen, which
   * a disconnected watch cannot, and after a reconnection the informers still hand over what they
   * missed (a relist's differences) for a moment. Package-private so tests beat without the timer.
   */
  void beat() {
    synchronized (lock) {
      boolean steady = watchedAtLastBeat;
      watchedAtLastBeat = source.watching();
      if (role != Role.LEADER || !steady || !watchedAtLastBeat) {
        return;
      }
      long mine = epoch;
      heartbeats.beat(
          System.currentTimeMillis(),
          () -> {
            synchronized (lock) {
              return mine == epoch;
            }
          });
    }
  }

  private String keyCounts() {
    return TOPICS.stream()
        .map(topic -> topic + "=" + reconciler.publishedKeys(topic))
        .collect(Collectors.joining(","));
  }

  /** Hands decisions over; called under the lock, so sends keep the order of decisions. */
  private void dispatch(SyncResult result) {
    metrics.suppressed(result.suppressed());
    for (Publication p : result.publications()) {
      long start = System.nanoTime();
      CompletableFuture<Void> sent;
      try {
        sent = publisher.send(p).toCompletableFuture();
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      heartbeats.track(sent);
      sent.whenComplete(
          (ok, error) -> {
            if (error == null) {
              metrics.published(p, System.nanoTime() - start);
            } else {
              metrics.failed(p);
              LOG.errorf(
                  error,
                  "event=send-failed topic=%s key=%s retry_in=%s: sent again by a resync (no"
                      + " heartbeat until then)",
                  p.topic(),
                  p.key(),
                  settings.retryDelay());
              // Not on the producer's callback thread: it must never wait for the lock.
              tasks.now(() -> forget(p));
            }
          });
    }
    for (Warning w : result.warnings()) {
      tasks.now(() -> warnings.record(w));
    }
  }

  private void forget(Publication p) {
    synchronized (lock) {
      reconciler.sendFailed(p.topic(), p.key());
      boolean first = !heartbeats.resyncOwed();
      heartbeats.forgotten();
      if (first) {
        // Sends again what failed: until then no heartbeat may vouch for the topics.
        tasks.after(settings.retryDelay(), () -> resync("failed-send"));
      }
    }
  }
}
