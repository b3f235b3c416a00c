package dev.podidentity.watcher.adapter.kubernetes;

import dev.podidentity.events.ConfigRecord;
import dev.podidentity.watcher.adapter.kubernetes.crd.Crds;
import dev.podidentity.watcher.core.ClusterChange;
import dev.podidentity.watcher.core.ClusterSnapshot;
import dev.podidentity.watcher.core.Reconciler;
import dev.podidentity.watcher.core.SyncResult;
import dev.podidentity.watcher.port.ClusterSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Informers (fabric8, through the application's client) on Pods in all namespaces, Nodes and the
 * three user-written CRDs. A handler turns each notification into a {@link ClusterChange}; nothing
 * a handler meets is allowed to escape and stop an informer.
 */
public final class Fabric8ClusterSource implements ClusterSource {
  private static final Logger LOG = Logger.getLogger(Fabric8ClusterSource.class);

  private final KubernetesClient client;
  private final KubernetesMapping mapping;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<SlimPod> pods;
  private SharedIndexInformer<GenericKubernetesResource> identities;
  private SharedIndexInformer<GenericKubernetesResource> bindings;
  private SharedIndexInformer<GenericKubernetesResource> exceptions;

  public Fabric8ClusterSource(KubernetesClient client) {
    this.client = client;
    this.mapping = new KubernetesMapping(client.getKubernetesSerialization());
  }

  @Override
  public synchronized CompletionStage<Void> start(Consumer<ClusterChange> changes) {
    nodes = client.nodes().runnableInformer(0);
    // Pods as the slim class: the informer caches every pod, and the full model costs six times
    // the heap and twelve times the parsing (see SlimPod).
    pods = client.resources(SlimPod.class).inAnyNamespace().runnableInformer(0);
    identities = crd(Crds.IDENTITIES);
    bindings = crd(Crds.BINDINGS);
    exceptions = crd(Crds.EXCEPTIONS);

    handle(
        nodes,
        changes,
        "Node",
        (r, n) -> r.node(KubernetesMapping.node(n)),
        (r, n) -> r.nodeDeleted(n.getMetadata().getName()));
    handle(
        pods,
        changes,
        "Pod",
        (r, p) -> r.pod(KubernetesMapping.pod(p)),
        (r, p) -> r.podDeleted(p.getMetadata().getUid()));
    handle(
        identities,
        changes,
        ConfigRecord.AZURE_IDENTITY,
        (r, o) -> r.identity(mapping.identity(o)),
        (r, o) -> configDeleted(r, ConfigRecord.AZURE_IDENTITY, o));
    handle(
        bindings,
        changes,
        ConfigRecord.AZURE_IDENTITY_BINDING,
        (r, o) -> r.binding(mapping.binding(o)),
        (r, o) -> configDeleted(r, ConfigRecord.AZURE_IDENTITY_BINDING, o));
    handle(
        exceptions,
        changes,
        ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION,
        (r, o) -> r.exception(mapping.exception(o)),
        (r, o) -> configDeleted(r, ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION, o));

    List<CompletableFuture<Void>> synced = new ArrayList<>();
    for (SharedIndexInformer<?> informer : List.of(nodes, pods, identities, bindings, exceptions)) {
      informers.add(informer);
      synced.add(informer.start().toCompletableFuture());
    }
    return CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new));
  }

  private SharedIndexInformer<GenericKubernetesResource> crd(
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext context) {
    return client.genericKubernetesResources(context).inAnyNamespace().runnableInformer(0);
  }

  private static SyncResult configDeleted(Reconciler r, String kind, GenericKubernetesResource o) {
    return r.configDeleted(kind, o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  private static <T extends HasMetadata> void handle(
      SharedIndexInformer<T> informer,
      Consumer<ClusterChange> changes,
      String kind,
      BiFunction<Reconciler, T, SyncResult> upsert,
      BiFunction<Reconciler, T, SyncResult> delete) {
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            deliver(obj, upsert);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            deliver(newObj, upsert);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            deliver(obj, delete);
          }

          private void deliver(T obj, BiFunction<Reconciler, T, SyncResult> decision) {
            try {
              changes.accept(r -> decision.apply(r, obj));
            } catch (RuntimeException e) {
              LOG.errorf(
                  e,
                  "event=change-skipped kind=%s namespace=%s name=%s: the object cannot be"
                      + " projected",
                  kind,
                  obj.getMetadata() == null ? null : obj.getMetadata().getNamespace(),
                  obj.getMetadata() == null ? null : obj.getMetadata().getName());
            }
          }
        });
  }

  @Override
  public synchronized ClusterSnapshot snapshot() {
    return new ClusterSnapshot(
        map(nodes, KubernetesMapping::node),
        map(pods, KubernetesMapping::pod),
        map(identities, mapping::identity),
        map(bindings, mapping::binding),
        map(exceptions, mapping::exception));
  }

  private static <T, R> List<R> map(SharedIndexInformer<T> informer, Function<T, R> f) {
    List<T> items = informer.getStore().list();
    List<R> out = new ArrayList<>(items.size());
    for (T item : items) {
      try {
        out.add(f.apply(item));
      } catch (RuntimeException e) {
        LOG.errorf(e, "event=object-skipped type=%s", item.getClass().getSimpleName());
      }
    }
    return out;
  }

  @Override
  public boolean running() {
    return all(SharedIndexInformer::isRunning);
  }

  @Override
  public boolean watching() {
    return all(SharedIndexInformer::isWatching);
  }

  private boolean all(java.util.function.Predicate<SharedIndexInformer<?>> state) {
    List<SharedIndexInformer<?>> started;
    synchronized (this) {
      started = List.copyOf(informers);
    }
    return !started.isEmpty() && started.stream().allMatch(state);
  }

  @Override
  public synchronized void stop() {
    for (SharedIndexInformer<?> informer : informers) {
      try {
        informer.stop();
      } catch (RuntimeException e) {
        LOG.warn("event=informer-stop-failed", e);
      }
    }
    informers.clear();
  }
}
