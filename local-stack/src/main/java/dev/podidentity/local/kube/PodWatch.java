package dev.podidentity.local.kube;

import dev.podidentity.local.port.PodSeen;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An informer on every pod, reporting each as a {@link PodSeen}; a failing handler is logged. */
final class PodWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodWatch.class);
  private final SharedIndexInformer<Pod> informer;

  private PodWatch(SharedIndexInformer<Pod> informer) {
    this.informer = informer;
  }

  static PodWatch start(KubernetesClient client, Consumer<PodSeen> seen, Consumer<PodSeen> gone) {
    SharedIndexInformer<Pod> informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    call(seen, pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    call(seen, pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean finalStateUnknown) {
                    call(gone, pod);
                  }
                });
    return new PodWatch(informer);
  }

  private static void call(Consumer<PodSeen> handler, Pod pod) {
    PodSeen p =
        new PodSeen(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
            pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
            pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork()),
            pod.getMetadata().getDeletionTimestamp() != null);
    try {
      handler.accept(p);
    } catch (RuntimeException e) {
      // A pod deleted between the event and the write, typically; the next event retries.
      LOG.warn("pod {}/{}: {}", p.namespace(), p.name(), e.getMessage());
    }
  }

  @Override
  public void close() {
    informer.stop();
  }
}
