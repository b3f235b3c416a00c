package dev.podidentity.cli.core;

import dev.podidentity.events.Event;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.List;
import java.util.Map;

/**
 * A pod as the cluster has it now: the fields the watcher projects into the event log, read
 * straight from the API so {@link Explanation} can tell when the watcher's copy is behind. {@code
 * nodeName} is null while the pod is not scheduled; {@code phase} is the API's spelling; {@code
 * serviceAccount} is {@code spec.serviceAccountName}, {@code default} when unset (as the API fills
 * it in).
 */
public record ClusterPod(
    String namespace,
    String name,
    String uid,
    Map<String, String> labels,
    String nodeName,
    String phase,
    List<String> podIps,
    boolean hostNetwork,
    boolean deleting,
    String serviceAccount) {
  public ClusterPod {
    serviceAccount =
        serviceAccount == null || serviceAccount.isBlank()
            ? Federation.DEFAULT_SERVICE_ACCOUNT
            : serviceAccount;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    podIps = podIps == null ? List.of() : List.copyOf(podIps);
  }

  /**
   * The record the watcher will publish for it once it is scheduled, but for its compute target,
   * which the CLI does not resolve.
   */
  public PodRecord unpublished() {
    return new PodRecord(
        Event.CURRENT_SCHEMA_VERSION,
        uid,
        namespace,
        name,
        nodeName,
        null,
        podIps,
        PodPhase.ofApi(phase),
        deleting,
        hostNetwork,
        labels,
        serviceAccount,
        null);
  }

  /** Not finished and not being deleted (the watcher's and the NMI's notion of a live pod). */
  public boolean active() {
    return !deleting && !PodPhase.ofApi(phase).terminal();
  }
}
