package dev.podidentity.events.authorization;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of what this node knows: its pods and their assignments, and the whole
 * configuration. Built by {@link ViewState}; read by {@link Authorizer} on every request without
 * locks.
 *
 * @param pool this node's node pool from its NodeRecord, or null when not known (eager bindings
 *     choose node pools)
 * @param podsByIp the pod that owns each IP (the newer active pod wins); host-network pods never
 *     appear here
 * @param hostNetworkIps IPs used by host-network pods of this node (the node's own IPs)
 * @param identities AzureIdentities keyed {@code namespace/name}
 * @param resourceIdKeys each of those identities' resource id lowercased as an assignment carries
 *     it ({@link AssignedIdentity#canonicalResourceId}), found by the record's instance (an
 *     identity map): the authoriser compares it with an assignment's on every request, and a
 *     case-insensitive comparison of two ARM ids was the largest single cost of a cache hit
 *     (nmi-gateway/BENCHMARKS.md)
 * @param bindingsBySelector valid bindings grouped by selector, each list sorted by namespace/name
 * @param exceptionsByNamespace AzurePodIdentityExceptions grouped by namespace
 * @param replayed whether every input has been read up to the end offsets taken at start
 * @param confirmedAtMillis when the view was last known to contain everything published (epoch ms)
 * @param version increases with every change of content; waiters re-decide on a change
 */
public record View(
    String nodeName,
    ComputeTarget target,
    String pool,
    Map<String, PodRecord> podsByIp,
    java.util.Set<String> hostNetworkIps,
    Map<String, PodRecord> podsByUid,
    Map<String, AssignmentRecord> assignmentsByPodUid,
    Map<String, IdentityRecord> identities,
    Map<IdentityRecord, String> resourceIdKeys,
    Map<String, List<BindingRecord>> bindingsBySelector,
    Map<String, List<ExceptionRecord>> exceptionsByNamespace,
    boolean replayed,
    long confirmedAtMillis,
    long version) {

  /** An empty view of a node that has read nothing yet: every request is stale. */
  public static View empty(String nodeName) {
    return new View(
        nodeName,
        null,
        null,
        Map.of(),
        java.util.Set.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        false,
        0L,
        0L);
  }

  /** The same content, confirmed current at {@code millis}. Shares every map. */
  public View confirmedAt(long millis) {
    return new View(
        nodeName,
        target,
        pool,
        podsByIp,
        hostNetworkIps,
        podsByUid,
        assignmentsByPodUid,
        identities,
        resourceIdKeys,
        bindingsBySelector,
        exceptionsByNamespace,
        replayed,
        millis,
        version);
  }

  /**
   * {@code identity}'s resource id lowercased as an assignment carries it, or null when it has
   * none. An identity this view does not hold is lowercased here.
   */
  public String resourceIdKey(IdentityRecord identity) {
    String key = resourceIdKeys.get(identity);
    return key != null ? key : AssignedIdentity.canonicalResourceId(identity.resourceId());
  }

  /**
   * The pod with this namespace and name, or null. Linear: only the rare host-token path uses it.
   */
  public PodRecord podNamed(String namespace, String name) {
    for (PodRecord p : podsByUid.values()) {
      if (p.namespace().equals(namespace) && p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
