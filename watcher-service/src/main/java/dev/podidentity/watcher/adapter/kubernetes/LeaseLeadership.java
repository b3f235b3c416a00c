package dev.podidentity.watcher.adapter.kubernetes;

import dev.podidentity.watcher.port.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Leader election on a coordination.k8s.io Lease with fabric8's elector. An elector runs once: it
 * acquires, renews, and ends when renewal fails. This class starts a new one after that, so a
 * replica that lost the lease competes again instead of exiting.
 */
public final class LeaseLeadership implements Leadership {
  private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

  /** Lease timing: see client-go's leaderelection for the meaning of each. */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Timing timing;
  private volatile boolean running;
  private CompletableFuture<?> current;

  public LeaseLeadership(
      KubernetesClient client, String namespace, String name, String identity, Timing timing) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.timing = timing;
  }

  public String identity() {
    return identity;
  }

  @Override
  public synchronized void start(Listener listener) {
    running = true;
    compete(listener);
  }

  private synchronized void compete(Listener listener) {
    if (!running) {
      return;
    }
    var config =
        new LeaderElectionConfigBuilder()
            .withName(name)
            .withLock(new LeaseLock(namespace, name, identity))
            .withLeaseDuration(timing.leaseDuration())
            .withRenewDeadline(timing.renewDeadline())
            .withRetryPeriod(timing.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    listener::startLeading,
                    listener::stopLeading,
                    leader ->
                        LOG.infof(
                            "event=leader-observed lease=%s/%s leader=%s self=%s",
                            namespace, name, leader, identity)))
            .build();
    current = client.leaderElector().withConfig(config).build().start();
    current.whenComplete(
        (ok, error) -> {
          if (error != null && !(error instanceof CancellationException)) {
            LOG.warnf(error, "event=election-ended lease=%s/%s", namespace, name);
          }
          if (running) {
            // The next election after a pause (Mutiny's timer); it checks `running` before it
            // competes, so nothing needs cancelling on stop.
            Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(timing.retryPeriod())
                .subscribe()
                .with(ignored -> compete(listener));
          }
        });
  }

  @Override
  public void stop() {
    CompletableFuture<?> election;
    synchronized (this) {
      running = false;
      election = current;
    }
    if (election != null) {
      // releaseOnCancel: the lease is released, so another replica takes over without waiting.
      election.cancel(true);
    }
  }
}
