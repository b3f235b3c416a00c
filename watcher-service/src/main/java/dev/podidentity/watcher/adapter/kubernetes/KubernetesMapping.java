package dev.podidentity.watcher.adapter.kubernetes;

import dev.podidentity.events.Eager;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentity;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentityBinding;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentityBindingSpec;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentitySpec;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzurePodIdentityException;
import dev.podidentity.watcher.core.BindingInput;
import dev.podidentity.watcher.core.ExceptionInput;
import dev.podidentity.watcher.core.IdentityInput;
import dev.podidentity.watcher.core.NodeInput;
import dev.podidentity.watcher.core.ObjectRef;
import dev.podidentity.watcher.core.PodInput;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads fabric8 objects into the core's plain inputs. CRD objects arrive untyped and are converted
 * here one by one, so a malformed object becomes an input with a read error instead of breaking the
 * list of all the others.
 */
final class KubernetesMapping {
  private final KubernetesSerialization serialization;

  KubernetesMapping(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  static NodeInput node(Node node) {
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    Map<String, String> labels = node.getMetadata().getLabels();
    String pool =
        labels == null
            ? null
            : labels.getOrDefault(Eager.POOL_LABEL, labels.get(Eager.LEGACY_POOL_LABEL));
    return new NodeInput(
        node.getMetadata().getName(), providerId, pool, node.getMetadata().getResourceVersion());
  }

  static PodInput pod(SlimPod pod) {
    ObjectMeta meta = pod.getMetadata();
    SlimPod.Spec spec = pod.spec;
    SlimPod.Status status = pod.status;
    return new PodInput(
        meta.getUid(),
        meta.getNamespace(),
        meta.getName(),
        spec == null ? null : spec.nodeName,
        ips(status),
        status == null ? null : status.phase,
        meta.getDeletionTimestamp() != null,
        spec != null && Boolean.TRUE.equals(spec.hostNetwork),
        meta.getLabels(),
        spec == null ? null : spec.serviceAccountName,
        meta.getResourceVersion());
  }

  /** status.podIPs lists every address (dual stack), primary first; older servers set podIP. */
  private static List<String> ips(SlimPod.Status status) {
    if (status == null) {
      return List.of();
    }
    List<String> ips = new ArrayList<>();
    if (status.podIPs != null) {
      for (SlimPod.Ip ip : status.podIPs) {
        if (ip != null && ip.ip != null && !ip.ip.isBlank()) {
          ips.add(ip.ip);
        }
      }
    }
    if (ips.isEmpty() && status.podIP != null && !status.podIP.isBlank()) {
      ips.add(status.podIP);
    }
    return ips;
  }

  static ObjectRef ref(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    return new ObjectRef(object.getKind(), meta.getNamespace(), meta.getName(), meta.getUid());
  }

  IdentityInput identity(GenericKubernetesResource raw) {
    ObjectRef ref = ref(raw);
    String rv = raw.getMetadata().getResourceVersion();
    AzureIdentitySpec spec;
    try {
      spec = serialization.convertValue(raw, AzureIdentity.class).getSpec();
    } catch (RuntimeException e) {
      return IdentityInput.unreadable(ref, rv, "the spec cannot be read: " + rootMessage(e));
    }
    if (spec == null) {
      spec = new AzureIdentitySpec();
    }
    AzureIdentitySpec.SecretReference password = spec.clientPassword;
    return new IdentityInput(
        ref,
        spec.type == null ? null : String.valueOf(spec.type),
        spec.resourceId,
        spec.clientId,
        spec.tenantId,
        password == null ? null : password.name,
        password == null ? null : password.namespace,
        spec.auxiliaryTenantIds == null ? List.of() : spec.auxiliaryTenantIds,
        spec.adResourceId,
        spec.adEndpoint,
        raw.getMetadata().getAnnotations() == null ? Map.of() : raw.getMetadata().getAnnotations(),
        rv,
        null);
  }

  BindingInput binding(GenericKubernetesResource raw) {
    ObjectRef ref = ref(raw);
    String rv = raw.getMetadata().getResourceVersion();
    AzureIdentityBindingSpec spec;
    try {
      spec = serialization.convertValue(raw, AzureIdentityBinding.class).getSpec();
    } catch (RuntimeException e) {
      return BindingInput.unreadable(ref, rv, "the spec cannot be read: " + rootMessage(e));
    }
    return spec == null
        ? new BindingInput(ref, null, null, rv, null)
        : new BindingInput(ref, spec.azureIdentity, spec.selector, eager(raw), rv, null);
  }

  private static String eager(GenericKubernetesResource raw) {
    Map<String, String> annotations = raw.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Eager.ANNOTATION);
  }

  ExceptionInput exception(GenericKubernetesResource raw) {
    ObjectRef ref = ref(raw);
    String rv = raw.getMetadata().getResourceVersion();
    try {
      var spec = serialization.convertValue(raw, AzurePodIdentityException.class).getSpec();
      Map<String, String> labels = spec == null ? null : spec.podLabels;
      return new ExceptionInput(ref, labels == null ? Map.of() : labels, rv, null);
    } catch (RuntimeException e) {
      return new ExceptionInput(ref, Map.of(), rv, "the spec cannot be read: " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    // Jackson appends the whole source location; the first line says what is wrong.
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }
}
