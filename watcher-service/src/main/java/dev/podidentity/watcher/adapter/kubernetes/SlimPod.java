package dev.podidentity.watcher.adapter.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * A core/v1 Pod with only what {@link KubernetesMapping#pod} reads: the metadata the informer keys
 * and versions by (namespace, name, resourceVersion) plus uid, labels and deletionTimestamp; {@code
 * spec.nodeName}, {@code spec.hostNetwork}, {@code spec.serviceAccountName}; {@code status.phase},
 * {@code podIP}, {@code podIPs}.
 *
 * <p>Why not fabric8's {@code Pod}: the pods informer caches one object per pod, and the full model
 * (containers, volumes, conditions, container statuses, managed fields) is parsed and kept whole:
 * for a typical Deployment's pod about 53 us of CPU and 7.7 KB of heap, where this class takes 4 us
 * and 1.3 KB, because everything else is skipped while parsing. Why not fabric8's {@code
 * ReducedStateItemStore}: it keeps about as little, but it still parses the full model and then
 * converts each stored object into a map (83 us per pod), and back into a Pod on every read. The
 * figures are {@code PodCacheBenchmark}'s; see BENCHMARKS.md (W2).
 */
@Group("")
@Version("v1")
@Kind("Pod")
@Plural("pods")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
// HasMetadata's own deserializer picks the class registered for the object's kind (Pod); this
// class is read as itself.
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class SlimPod implements HasMetadata, Namespaced {
  @JsonDeserialize(as = Meta.class)
  private ObjectMeta metadata;

  public Spec spec;
  public Status status;

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  /** Always {@code v1}, from the class's annotations (HasMetadata's default). */
  @Override
  public void setApiVersion(String apiVersion) {
    // Nothing to keep: a pod's apiVersion is v1.
  }

  /**
   * The object's metadata without what the watcher never reads and real pods carry a lot of:
   * managed fields (often the largest part of a pod), annotations, owner references.
   */
  @JsonIgnoreProperties(
      value = {
        "managedFields",
        "annotations",
        "ownerReferences",
        "finalizers",
        "generateName",
        "creationTimestamp",
        "selfLink"
      },
      ignoreUnknown = true)
  public static final class Meta extends ObjectMeta {}

  /**
   * {@code spec}: where the pod runs, whether it shares the node's network, and its service account
   * (the subject of a federated identity's tokens).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Spec {
    public String nodeName;
    public Boolean hostNetwork;
    public String serviceAccountName;
  }

  /** {@code status}: the phase and the pod's addresses. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Status {
    public String phase;
    public String podIP;
    public List<Ip> podIPs;
  }

  /** One entry of {@code status.podIPs}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Ip {
    public String ip;
  }
}
