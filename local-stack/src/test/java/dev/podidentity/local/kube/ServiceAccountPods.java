package dev.podidentity.local.kube;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podidentity.azuresim.OidcIssuer;
import dev.podidentity.azuresim.SimulatorTrust;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pods running as a service account, tokens bound to them, and their exchange at Entra, for the
 * TokenRequest and federated-identity tests.
 */
public final class ServiceAccountPods {
  private ServiceAccountPods() {}

  /** Creates the account (unless it is {@code default}, or null: none named) and the pod. */
  public static Pod create(KubernetesClient client, String namespace, String name, String account) {
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
  public static TokenRequest boundTo(Pod pod, String audience, Long expirationSeconds) {
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
  public static TokenRequest requestFor(
      KubernetesClient client, Pod pod, String account, TokenRequest request) {
    return client
        .serviceAccounts()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(account)
        .tokenRequest(request);
  }

  public static JWTClaimsSet claims(String token) throws ParseException {
    return SignedJWT.parse(token).getJWTClaimsSet();
  }

  /** A new pod's token for Entra, as the NMI asks for it: the pod's account, bound to the pod. */
  public static String podToken(
      KubernetesClient client, String namespace, String podName, String account) {
    Pod pod = create(client, namespace, podName, account);
    return requestFor(client, pod, account, boundTo(pod, OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, 3600L))
        .getStatus()
        .getToken();
  }

  /**
   * The client-credentials grant at {@code <arm>/<tenant>/oauth2/v2.0/token} with the token as
   * client assertion, as MSAL sends it, for an ARM token of the identity {@code clientId}.
   */
  public static HttpResponse<String> exchange(
      String armUrl, String tenant, Path trustPem, String clientId, String assertion)
      throws IOException, InterruptedException {
    Map<String, String> form =
        Map.of(
            "grant_type", "client_credentials",
            "client_id", clientId,
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion", assertion,
            "scope", "https://management.azure.com/.default");
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpClient http =
        HttpClient.newBuilder().sslContext(SimulatorTrust.sslContext(trustPem)).build();
    return http.send(
        HttpRequest.newBuilder(URI.create(armUrl + "/" + tenant + "/oauth2/v2.0/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
