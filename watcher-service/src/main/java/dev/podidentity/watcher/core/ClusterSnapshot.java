package dev.podidentity.watcher.core;

import java.util.List;

/** Everything the informers hold after a list: the input of a full resync. */
public record ClusterSnapshot(
    List<NodeInput> nodes,
    List<PodInput> pods,
    List<IdentityInput> identities,
    List<BindingInput> bindings,
    List<ExceptionInput> exceptions) {

  public ClusterSnapshot {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    identities = List.copyOf(identities);
    bindings = List.copyOf(bindings);
    exceptions = List.copyOf(exceptions);
  }

  public static ClusterSnapshot empty() {
    return new ClusterSnapshot(List.of(), List.of(), List.of(), List.of(), List.of());
  }
}
