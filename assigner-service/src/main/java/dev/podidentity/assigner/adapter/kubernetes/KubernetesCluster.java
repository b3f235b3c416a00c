package dev.podidentity.assigner.adapter.kubernetes;

import dev.podidentity.assigner.port.ClusterCalls;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Writes AzureAssignedIdentity objects and pod Events for kubectl users. Writes are queued by
 * object and drained at a bounded rate by one thread, so a burst of pods never floods the API
 * server and only the latest state of an object is written. Failures are logged, never retried into
 * a storm, and never hold up assignment.
 */
public final class KubernetesCluster implements ClusterPort, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KubernetesCluster.class);
  static final ResourceDefinitionContext ASSIGNED =
      new ResourceDefinitionContext.Builder()
          .withGroup("aadpodidentity.k8s.io")
          .withVersion("v1")
          .withKind(AssignedIdentityObjects.KIND)
          .withPlural("azureassignedidentities")
          .withNamespaced(true)
          .build();

  private static final String UNASSIGNED = "{\"status\":{\"status\":\"Unassigned\"}}";
  private final KubernetesClient client;
  private final boolean namespaced;
  private final Map<String, Runnable> pending = new LinkedHashMap<>();
  private final Cancellable writer;
  private final ClusterCalls calls;

  /**
   * Writes run on {@code workers} (the application's worker pool; they block on the API), one at a
   * time on a tick of {@code writesPerSecond}; ticks that come while a write is still running are
   * dropped, so the rate is never exceeded. {@code namespaced}: objects go to their identity's
   * namespace instead of {@code default}, as aad-pod-identity's namespaced mode did.
   */
  public KubernetesCluster(
      KubernetesClient client, boolean namespaced, int writesPerSecond, Executor workers) {
    this(client, namespaced, writesPerSecond, workers, ClusterCalls.NONE);
  }

  /** {@code calls} hears of every AzureAssignedIdentity write (metrics). */
  public KubernetesCluster(
      KubernetesClient client,
      boolean namespaced,
      int writesPerSecond,
      Executor workers,
      ClusterCalls calls) {
    this.client = client;
    this.namespaced = namespaced;
    this.calls = calls;
    writer =
        Multi.createFrom()
            .ticks()
            .every(Duration.ofNanos(1_000_000_000L / Math.max(1, writesPerSecond)))
            .onOverflow()
            .drop()
            .emitOn(workers)
            .subscribe()
            .with(tick -> drainOne(), e -> LOG.error("the Kubernetes writer stopped", e));
  }

  @Override
  public void assignmentChanged(
      AssignmentRecord previous, AssignmentRecord next, Set<String> owned) {
    Map<String, AssignedIdentity> before = byName(previous);
    Map<String, AssignedIdentity> after = byName(next);
    AssignmentRecord pod = next != null ? next : previous;
    for (var e : after.entrySet()) {
      AssignedIdentity old = before.get(e.getKey());
      AssignedIdentity now = e.getValue();
      if (old != null && old.state() == now.state()) {
        continue;
      }
      boolean added = now.resourceId() != null && owned.contains(now.resourceId());
      GenericKubernetesResource object = AssignedIdentityObjects.of(namespaced, pod, now, added);
      enqueue(key(object), () -> upsert(object));
      if (now.state() != AssignmentState.CREATED) {
        enqueue("event/" + UUID.randomUUID(), () -> event(pod, now));
      }
    }
    for (var e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        String namespace = AssignedIdentityObjects.namespace(namespaced, e.getValue());
        enqueue(namespace + "/" + e.getKey(), () -> delete(namespace, e.getKey()));
      }
    }
  }

  @Override
  public Map<ComputeTarget, Set<String>> claims() {
    try {
      return AssignedIdentityClaims.read(client);
    } catch (RuntimeException e) {
      LOG.warnf("cannot read AzureAssignedIdentity objects to adopt what they claim: %s", e);
      return Map.of();
    }
  }

  private static String key(GenericKubernetesResource object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private static Map<String, AssignedIdentity> byName(AssignmentRecord record) {
    Map<String, AssignedIdentity> out = new HashMap<>();
    if (record != null) {
      for (AssignedIdentity i : record.identities()) {
        out.put(AssignedIdentityObjects.name(record, i), i);
      }
    }
    return out;
  }

  private void enqueue(String key, Runnable write) {
    synchronized (pending) {
      pending.remove(key);
      pending.put(key, write);
    }
  }

  private void drainOne() {
    Runnable next;
    synchronized (pending) {
      var it = pending.entrySet().iterator();
      if (!it.hasNext()) {
        return;
      }
      next = it.next().getValue();
      it.remove();
    }
    try {
      next.run();
    } catch (RuntimeException e) {
      LOG.warnf("writing to the Kubernetes API failed: %s", e.getMessage());
    }
  }

  private void upsert(GenericKubernetesResource object) {
    long start = System.nanoTime();
    boolean[] existed = {false};
    try {
      assigned()
          .resource(object)
          .createOr(
              r -> {
                existed[0] = true;
                return keepClaim(object) ? assigned().resource(object).update() : r.update();
              });
      written(existed[0] ? ClusterCalls.Write.UPDATE : ClusterCalls.Write.CREATE, true, start);
    } catch (RuntimeException e) {
      written(existed[0] ? ClusterCalls.Write.UPDATE : ClusterCalls.Write.CREATE, false, start);
      throw e;
    }
  }

  /**
   * Whether {@code object}, about to replace one of the same name, must keep that one's claim: an
   * identity this assigner did not add may be one another controller did (or one this assigner's
   * earlier object already claimed), and the claim stays so it is adopted when next read. Asked
   * only when the create met an existing object, so a new pod's first write costs one request.
   */
  private boolean keepClaim(GenericKubernetesResource object) {
    if (AssignedIdentityObjects.added(object)) {
      return false;
    }
    GenericKubernetesResource existing = assigned().resource(object).get();
    if (existing != null
        && (AssignedIdentityObjects.added(existing)
            || AssignedIdentityClaims.claimedByAnotherController(existing))) {
      AssignedIdentityObjects.markAdded(object);
      return true;
    }
    return false;
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      assigned() {
    return client.genericKubernetesResources(ASSIGNED);
  }

  /**
   * As aad-pod-identity's controller did: the object says {@code Unassigned} before it goes, so a
   * watcher of these objects sees the identity leave the pod. An object already gone is done.
   */
  private void delete(String namespace, String name) {
    long start = System.nanoTime();
    try {
      var object = assigned().inNamespace(namespace).withName(name);
      try {
        object.patch(PatchContext.of(PatchType.JSON_MERGE), UNASSIGNED);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return;
        }
        throw e;
      }
      object.delete();
      written(ClusterCalls.Write.DELETE, true, start);
    } catch (RuntimeException e) {
      written(ClusterCalls.Write.DELETE, false, start);
      throw e;
    }
  }

  private void written(ClusterCalls.Write write, boolean ok, long startNanos) {
    calls.written(write, ok, System.nanoTime() - startNanos);
  }

  private void event(AssignmentRecord pod, AssignedIdentity identity) {
    boolean failed = identity.state() == AssignmentState.FAILED;
    String message =
        failed
            ? "identity " + identity.identityName() + " could not be assigned: " + identity.reason()
            : "identity " + identity.identityName() + " is assigned to the pod's node";
    client
        .v1()
        .events()
        .inNamespace(pod.namespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withGenerateName(pod.podName() + ".")
                .withNamespace(pod.namespace())
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withKind("Pod")
                        .withApiVersion("v1")
                        .withName(pod.podName())
                        .withNamespace(pod.namespace())
                        .withUid(pod.podUid())
                        .build())
                .withType(failed ? "Warning" : "Normal")
                .withReason(failed ? "IdentityAssignmentFailed" : "IdentityAssigned")
                .withMessage(Objects.requireNonNullElse(message, ""))
                .withNewSource()
                .withComponent("podidentity-assigner")
                .endSource()
                .withFirstTimestamp(Instant.now().toString())
                .withLastTimestamp(Instant.now().toString())
                .withCount(1)
                .build())
        .create();
  }

  @Override
  public void close() {
    writer.cancel();
  }
}
