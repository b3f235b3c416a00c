package dev.podidentity.local;

import dev.podidentity.azuresim.SimulatorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The environment each service process starts with: its configuration, as in a cluster. */
final class ServiceEnvironments {
  private ServiceEnvironments() {}

  /** Kafka and the Kubernetes API: the mock server's URL, or the user's kubeconfig. */
  static Map<String, String> common(
      String bootstrap, String kubernetesUrl, Optional<Path> kubeconfig) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    if (kubeconfig.isEmpty()) {
      env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", kubernetesUrl);
      env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
      env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", "default");
    } else {
      env.put("KUBECONFIG", kubeconfig.get().toAbsolutePath().toString());
    }
    return env;
  }

  /** One watcher replica, so no Lease. */
  static Map<String, String> watcher(Map<String, String> common) {
    Map<String, String> env = new HashMap<>(common);
    env.put("WATCHER_LEASE_ENABLED", "false");
    env.put("WATCHER_INSTANCE", "watcher-local");
    return env;
  }

  /** The assigner as a service principal of the simulator, trusting its certificate. */
  static Map<String, String> assigner(
      Map<String, String> common,
      Map<String, Object> servicePrincipal,
      String secret,
      String armUrl,
      Path trustPem,
      String clusterIdentityId,
      List<String> immutableIds) {
    Map<String, String> env = new HashMap<>(common);
    env.put("ASSIGNER_CLOUD_CREDENTIAL", "client-secret");
    env.put("ASSIGNER_CLOUD_TENANT_ID", (String) servicePrincipal.get("tenantId"));
    env.put("ASSIGNER_CLOUD_CLIENT_ID", (String) servicePrincipal.get("clientId"));
    env.put("ASSIGNER_CLOUD_CLIENT_SECRET", secret);
    env.put("ASSIGNER_CLOUD_ARM_ENDPOINT", armUrl + "/");
    env.put("ASSIGNER_CLOUD_AUTHORITY_HOST", armUrl + "/");
    env.put("ASSIGNER_CLOUD_TRUST_PEM", trustPem.toString());
    env.put("ASSIGNER_CLUSTER_IDENTITY", clusterIdentityId);
    if (!immutableIds.isEmpty()) {
      env.put("ASSIGNER_IMMUTABLE_IDENTITIES", String.join(",", immutableIds));
    }
    // aad-pod-identity's metrics listener: off here, aad's fixed port is nobody's on this machine.
    env.put("ASSIGNER_AAD_METRICS_PORT", "0");
    return env;
  }

  /**
   * One node's NMI: its own token port, its VM's IMDS in the simulator, service principals' tokens
   * from the simulator's Entra (Secrets read through the Kubernetes API), and federated identities'
   * tokens: a TokenRequest for the pod's service account exchanged at that Entra, in the
   * simulator's tenant, as {@code k8s/components/federated-identity} enables it in a cluster.
   */
  static Map<String, String> nmi(
      Map<String, String> common, SimNode node, Path trustPem, String armUrl) {
    Map<String, String> env = new HashMap<>(common);
    env.put("NMI_SERVICE_PRINCIPALS_ENABLED", "true");
    env.put("NMI_SERVICE_PRINCIPALS_TRUST_PEM", trustPem.toString());
    // Entra is the simulator's: identities without adEndpoint (federated ones) are sent there.
    env.put("NMI_SERVICE_PRINCIPALS_DEFAULT_AUTHORITY", armUrl + "/");
    env.put("NMI_FEDERATION_ENABLED", "true");
    env.put("NMI_FEDERATION_TENANT_ID", SimulatorConfig.DEFAULT_TENANT);
    env.put("NODE_NAME", node.name());
    env.put("NMI_NODE_NAME", node.name());
    env.put("NMI_SERVER_HOST", "127.0.0.1");
    env.put("NMI_SERVER_PORT", Integer.toString(node.nmiPort()));
    env.put("NMI_IMDS_URL", node.imdsEndpoint());
    // aad-pod-identity's metrics listener: off here, every NMI would want aad's port 9090.
    env.put("NMI_AAD_METRICS_PORT", "0");
    return env;
  }
}
