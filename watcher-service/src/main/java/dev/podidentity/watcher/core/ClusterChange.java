package dev.podidentity.watcher.core;

/**
 * One observed change in the cluster, as the decision it asks of the {@link Reconciler} (for
 * example {@code r -> r.pod(input)}). Sources hand these over instead of calling the reconciler, so
 * the caller can serialise them.
 */
@FunctionalInterface
public interface ClusterChange {
  SyncResult applyTo(Reconciler reconciler);
}
