package dev.podidentity.cli.port;

import dev.podidentity.cli.core.ClusterPod;
import java.util.Optional;

/** The pods of the cluster the kubeconfig names, one at a time, as {@link ClusterPod}s. */
public interface ClusterPods {
  /** The pod, or empty when the cluster has none of that name. */
  Optional<ClusterPod> get(String namespace, String name);

  /** The kubeconfig context's namespace, as kubectl uses it when none is named. */
  String contextNamespace();
}
