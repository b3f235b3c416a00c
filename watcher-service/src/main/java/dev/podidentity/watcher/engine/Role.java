package dev.podidentity.watcher.engine;

import java.util.Locale;

/** Where a watcher instance stands; readiness reports it. */
public enum Role {
  /** Listing the cluster; not ready. */
  STARTING,
  /** Watching, not publishing: another replica holds the lease. */
  FOLLOWER,
  /** Holds the lease, reading the topics to resync; not publishing yet. */
  SYNCING,
  /** Holds the lease and publishes. */
  LEADER,
  STOPPED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
