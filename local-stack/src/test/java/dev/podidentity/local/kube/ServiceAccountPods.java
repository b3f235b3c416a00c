package dev.podidentity.local.kube;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.text.ParseException;

/** Pods running as a service account, and tokens bound to them, for the TokenRequest tests. */
final class ServiceAccountPods {
  private ServiceAccountPods() {}

  /** Creates the account (unless it is {@code default}, or null: none named) and the pod. */
  static Pod create(KubernetesClient client, String namespace, String name, String account) {
    if (account != null
        && !"default".equals(account)
        && client.serviceAccounts().inNamespace(namespace).withName(account).get() == null) {
      client
          .serviceAccounts()
          .inNamespace(namespace)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(account)
                  .withNamespace(namespace)
                  .endMetadata()
                  .build())
          .create();
    }
    return client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(account)
                .withNodeName("aks-nodepool1-12345678-vmss000000")
                .addNewContainer()
                .withName("app")
                .withImage("mcr.microsoft.com/azure-cli")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  /** The TokenRequest as a pod's NMI or kubelet sends it: bound to the pod by name and uid. */
  static TokenRequest boundTo(Pod pod, String audience, Long expirationSeconds) {
    return new TokenRequestBuilder()
        .withNewSpec()
        .withAudiences(audience)
        .withExpirationSeconds(expirationSeconds)
        .withNewBoundObjectRef()
        .withApiVersion("v1")
        .withKind("Pod")
        .withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid())
        .endBoundObjectRef()
        .endSpec()
        .build();
  }

  /** Asks the API for a token for the pod's account, bound to the pod. */
  static TokenRequest requestFor(
      KubernetesClient client, Pod pod, String account, TokenRequest request) {
    return client
        .serviceAccounts()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(account)
        .tokenRequest(request);
  }

  static JWTClaimsSet claims(String token) throws ParseException {
    return SignedJWT.parse(token).getJWTClaimsSet();
  }
}
