package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.assigner.core.Planner;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.ComputeTarget;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One assigner's engine, composed from its ports: state, planner, reconciler and its input feed.
 * Whoever reads Kafka for it (the application's channels, or a test's consumer) hands the records
 * to {@link #inputs()}. It has no threads of its own: timers and runs go to the given executors.
 * The application gets one from its CDI wiring; a test builds a second replica with this
 * constructor.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Pipeline.class);
  private final AssignerState state;
  private final Object lock = new Object();
  private final Reconciler reconciler;
  private final InputFeed inputs;
  private final ClusterPort cluster;

  /**
   * @param timers where the reconciler's timers run (the application's managed scheduler)
   * @param workers where runs (blocking ARM calls) execute: a bounded pool
   * @param stopReadingBack stops fetching assignments partitions once they are replayed
   * @param tracing where work for a pod joins the pod's trace
   */
  public Pipeline(
      OutputPort output,
      CloudPort cloud,
      ClusterPort cluster,
      boolean namespaced,
      AssignerConfig options,
      AssignerMetrics metrics,
      Duration handoverTimeout,
      ScheduledExecutorService timers,
      Executor workers,
      Consumer<Set<TopicPartition>> stopReadingBack,
      Tracing tracing) {
    this.state = new AssignerState(options.eager(), new Planner(namespaced));
    this.reconciler =
        new Reconciler(
            lock,
            state,
            cloud,
            output,
            cluster,
            options,
            metrics,
            timers,
            workers,
            System::nanoTime,
            InstantSource.system(),
            new Random(),
            tracing);
    this.cluster = cluster;
    // After each replay the cluster's objects are read afresh, before the replayed targets run.
    this.inputs =
        new InputFeed(lock, state, reconciler, handoverTimeout, stopReadingBack, this::adopt);
  }

  /**
   * Adopts what the cluster's AzureAssignedIdentity objects show another controller (or this one,
   * before its ledger was lost) assigned: each such identity still on its target becomes owned, and
   * goes when its last pod goes. Runs after each replay (before the replayed targets run), and
   * whenever asked. Blocking.
   *
   * @return how many identities the objects claim, over all targets
   */
  public int adopt() {
    Map<ComputeTarget, Set<String>> claims = cluster.claims();
    inputs.claims(claims);
    int n = claims.values().stream().mapToInt(Set::size).sum();
    LOG.infof("the cluster's objects claim %d identities on %d targets", n, claims.size());
    return n;
  }

  public Pipeline start() {
    reconciler.startDriftRepair();
    return this;
  }

  public boolean ready() {
    return inputs.ready();
  }

  public InputFeed inputs() {
    return inputs;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  /**
   * Stops at once, as a crash would: nothing is handed over and nothing more is started; runs in
   * flight are abandoned to whatever they were doing.
   */
  public void kill() {
    reconciler.close();
  }

  /** Stops acting; the inputs' revocation (the channel leaving its group) hands targets over. */
  @Override
  public void close() {
    reconciler.close();
  }
}
