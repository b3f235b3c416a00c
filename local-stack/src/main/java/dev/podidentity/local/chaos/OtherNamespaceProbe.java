package dev.podidentity.local.chaos;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.SimNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests across namespaces: an identity bound in the workload's namespace to a pod there (so the
 * identity is on the node pool and a wrong grant would be served at once), and a pod of another
 * namespace with the same selector label asking for it. aad-pod-identity matches bindings to pods
 * of any namespace unless namespaced mode is on; without it the identity carries {@code Behavior:
 * namespaced}, which applies the same rule to it alone. Either way the request must be refused: it
 * is counted as hostile, and a 200 is a violation.
 */
final class OtherNamespaceProbe {
  /** The namespace the intruding pod lives in. */
  static final String NAMESPACE = "chaos-other";

  private static final String NAME = "other-ns";
  private static final String SELECTOR = "sel-other-ns";

  private final LocalStack stack;
  private final TokenProbes probes;
  private final boolean namespacedMode;
  private SimIdentity identity;
  private PodRef intruder;

  OtherNamespaceProbe(LocalStack stack, TokenProbes probes, boolean namespacedMode) {
    this.stack = stack;
    this.probes = probes;
    this.namespacedMode = namespacedMode;
  }

  /** Sets the pods up on {@code node} the first time, then sends three requests. */
  void probe(SimNode node) {
    synchronized (this) {
      if (intruder == null) {
        setUp(node);
      }
    }
    for (int i = 0; i < 3; i++) {
      probes.stranger(intruder.ip(), intruder.node(), "other-namespace", identity.clientId());
    }
  }

  private void setUp(SimNode node) {
    identity = stack.createIdentity("chaos-" + NAME);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", 0);
    spec.put("resourceID", identity.id());
    spec.put("clientID", identity.clientId());
    stack
        .cluster()
        .putIdentity(
            Workload.NAMESPACE,
            NAME,
            namespacedMode ? Map.of() : Map.of("aadpodidentity.k8s.io/Behavior", "namespaced"),
            spec);
    stack.cluster().putBinding(Workload.NAMESPACE, NAME + "-binding", NAME, SELECTOR, Map.of());
    Map<String, String> labels = Map.of("aadpodidbinding", SELECTOR);
    stack.startPod(Workload.NAMESPACE, NAME + "-owner", labels, node);
    intruder = stack.startPod(NAMESPACE, NAME + "-intruder", labels, node);
  }
}
