package dev.podidentity.watcher.config;

import dev.podidentity.events.messaging.OutgoingEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The watcher's settings as plain values, checked: what the application reads from {@link
 * WatcherConfig}, and what tests and the benchmark build by hand.
 */
public record WatcherOptions(
    String instance,
    boolean leaseEnabled,
    String leaseNamespace,
    String leaseName,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    Duration syncTimeout,
    Duration resyncInterval,
    Duration retryDelay,
    Duration readTimeout) {

  /** This, if every setting is usable; otherwise an exception listing every problem. */
  public WatcherOptions validate() {
    List<String> problems = problems(this);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid watcher configuration: " + String.join("; ", problems));
    }
    return this;
  }

  public static WatcherOptions from(WatcherConfig c) {
    return new WatcherOptions(
            c.instance(),
            c.lease().enabled(),
            c.lease().namespace(),
            c.lease().name(),
            c.lease().duration(),
            c.lease().renewDeadline(),
            c.lease().retryPeriod(),
            c.syncTimeout(),
            c.resyncInterval(),
            c.retryDelay(),
            c.kafka().readTimeout())
        .validate();
  }

  /** The CloudEvents source of every record this instance sends. */
  public URI source() {
    return OutgoingEvents.source("watcher-service", instance);
  }

  public WatcherOptions withInstance(String name) {
    return new WatcherOptions(
            name,
            leaseEnabled,
            leaseNamespace,
            leaseName,
            leaseDuration,
            renewDeadline,
            retryPeriod,
            syncTimeout,
            resyncInterval,
            retryDelay,
            readTimeout)
        .validate();
  }

  static List<String> problems(WatcherOptions o) {
    List<String> p = new ArrayList<>();
    if (o.instance() == null || o.instance().isBlank()) {
      p.add("watcher.instance must be set (the pod name)");
    }
    if (o.leaseEnabled()) {
      if (blank(o.leaseNamespace()) || blank(o.leaseName())) {
        p.add("watcher.lease.namespace and watcher.lease.name must be set");
      }
      if (!positive(o.retryPeriod())
          || !positive(o.renewDeadline())
          || o.retryPeriod().compareTo(o.renewDeadline()) >= 0
          || o.leaseDuration() == null
          || o.renewDeadline().compareTo(o.leaseDuration()) >= 0) {
        p.add(
            "lease timing must satisfy 0 < retry-period < renew-deadline < duration, was "
                + o.retryPeriod()
                + " / "
                + o.renewDeadline()
                + " / "
                + o.leaseDuration());
      }
    }
    for (var d : Arrays.asList(o.syncTimeout(), o.retryDelay(), o.readTimeout())) {
      if (!positive(d)) {
        p.add("timeouts must be positive, found " + d);
        break;
      }
    }
    if (o.resyncInterval() == null || o.resyncInterval().isNegative()) {
      p.add("watcher.resync-interval must be 0 (off) or positive");
    }
    return p;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
