package dev.podidentity.local.cli;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.SimIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a newcomer needs to try the stack with kubectl once it keeps running: a kubeconfig for its
 * Kubernetes API, the {@code podidentity} command's settings, a user-assigned identity in the
 * simulator, and aad-pod-identity's walkthrough YAML filled in with it (identity, binding, pod), in
 * the run directory.
 */
final class Walkthrough {
  private Walkthrough() {}

  /** Writes the files and answers the lines to print. */
  static List<String> prepare(LocalStack stack) throws IOException {
    Path dir = Files.createDirectories(stack.runDir().resolve("walkthrough"));
    Path kubeconfig = CommandSettings.writeKubeconfig(stack, stack.runDir().resolve("kubeconfig"));
    SimIdentity identity = stack.createIdentity("walkthrough-identity");
    Files.writeString(dir.resolve("identity.yaml"), identityAndBinding(identity));
    Files.writeString(dir.resolve("pod.yaml"), pod(identity));
    Path settings = CommandSettings.write(stack, kubeconfig);
    String nmi = stack.nodes().get(0).nmiPort() + "";
    Path federatedDir = Files.createDirectories(stack.runDir().resolve("walkthrough-federated"));
    SimIdentity federated = stack.createIdentity("walkthrough-federated");
    // What `az identity federated-credential create` does: Entra trusts default/payments' tokens.
    stack.federated().trust(federated, "default", "payments");
    Files.writeString(federatedDir.resolve("federated.yaml"), federated(federated));
    return List.of(
        "try it with kubectl (the stand-in scheduler puts pods on the nodes in turn):",
        "  export KUBECONFIG=" + kubeconfig,
        "  source " + settings + "   (bin/podidentity's settings: the kubeconfig, Kafka, Azure)",
        "  kubectl apply -f " + dir,
        "  kubectl get pod demo -o jsonpath='{.spec.nodeName} {.status.podIP}{\"\\n\"}'",
        "  bin/podidentity explain pod default/demo   (why it gets a token, or not, step by step)",
        "  curl -s --interface <pod IP> -H Metadata:true 'http://127.0.0.1:"
            + nmi
            + "/metadata/identity/oauth2/token?api-version=2018-02-01"
            + "&resource=https://management.azure.com/'   (node 0's NMI; see the node lines above)",
        "a federated identity (no scale set; the pod's service account proves it to Entra):",
        "  kubectl apply -f " + federatedDir + "   (then curl from pod demo-federated's IP)");
  }

  /**
   * A federated AzureIdentity, its binding, the service account Entra trusts and a pod of it; the
   * federated credential is made in the simulator by {@link #prepare}.
   */
  static String federated(SimIdentity identity) {
    return """
        apiVersion: "aadpodidentity.k8s.io/v1"
        kind: AzureIdentity
        metadata:
          name: walkthrough-federated
          annotations:
            podidentity.k8s.io/federated: "true"
        spec:
          type: 0
          resourceID: %s
          clientID: %s
        ---
        apiVersion: "aadpodidentity.k8s.io/v1"
        kind: AzureIdentityBinding
        metadata:
          name: walkthrough-federated-binding
        spec:
          azureIdentity: walkthrough-federated
          selector: walkthrough-federated
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: payments
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: demo-federated
          labels:
            aadpodidbinding: walkthrough-federated
        spec:
          serviceAccountName: payments
          containers:
            - name: demo
              image: mcr.microsoft.com/oss/azure/aad-pod-identity/demo:v1.8.17
              args:
                - --identity-client-id=%s
        """
        .formatted(identity.id(), identity.clientId(), identity.clientId());
  }

  static String identityAndBinding(SimIdentity identity) {
    return """
        apiVersion: "aadpodidentity.k8s.io/v1"
        kind: AzureIdentity
        metadata:
          name: walkthrough-identity
        spec:
          type: 0
          resourceID: %s
          clientID: %s
        ---
        apiVersion: "aadpodidentity.k8s.io/v1"
        kind: AzureIdentityBinding
        metadata:
          name: walkthrough-identity-binding
        spec:
          azureIdentity: walkthrough-identity
          selector: walkthrough-identity
        """
        .formatted(identity.id(), identity.clientId());
  }

  static String pod(SimIdentity identity) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: demo
          labels:
            aadpodidbinding: walkthrough-identity
        spec:
          containers:
            - name: demo
              image: mcr.microsoft.com/oss/azure/aad-pod-identity/demo:v1.8.17
              args:
                - --identity-client-id=%s
        """
        .formatted(identity.clientId());
  }
}
