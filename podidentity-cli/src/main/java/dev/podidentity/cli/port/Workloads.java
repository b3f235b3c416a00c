package dev.podidentity.cli.port;

import dev.podidentity.cli.core.ClusterView;
import java.util.List;

/** The cluster's nodes and pods as the watcher sees them (all namespaces). */
public interface Workloads {
  List<ClusterView.Node> nodes();

  List<ClusterView.Pod> pods();
}
