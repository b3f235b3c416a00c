package dev.podidentity.watcher.core;

import java.util.List;
import java.util.Map;

/**
 * What the watcher reads from a Pod. {@code nodeName} is null until the pod is scheduled; {@code
 * phase} is the API's spelling ({@code Running}) or null when the pod has no status yet; {@code
 * deleting} is true once {@code metadata.deletionTimestamp} is set; {@code serviceAccount} is
 * {@code spec.serviceAccountName}, null when the pod names none.
 */
public record PodInput(
    String uid,
    String namespace,
    String name,
    String nodeName,
    List<String> podIps,
    String phase,
    boolean deleting,
    boolean hostNetwork,
    Map<String, String> labels,
    String serviceAccount,
    String resourceVersion) {

  public boolean scheduled() {
    return nodeName != null && !nodeName.isBlank();
  }
}
