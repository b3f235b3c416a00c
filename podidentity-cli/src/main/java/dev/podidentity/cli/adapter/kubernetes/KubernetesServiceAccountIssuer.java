package dev.podidentity.cli.adapter.kubernetes;

import dev.podidentity.cli.port.ServiceAccountIssuer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * {@link ServiceAccountIssuer} from the discovery document kube-apiserver serves (as {@code kubectl
 * get --raw /.well-known/openid-configuration} reads it), with the kubeconfig's client.
 */
@ApplicationScoped
public class KubernetesServiceAccountIssuer implements ServiceAccountIssuer {
  static final String DISCOVERY = "/.well-known/openid-configuration";

  private final KubernetesClient client;

  KubernetesServiceAccountIssuer(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String issuer() {
    String document;
    try {
      document = client.raw(DISCOVERY);
    } catch (KubernetesClientException e) {
      throw unknown(e.getCode() > 0 ? "it answered " + e.getCode() : "it could not be reached", e);
    }
    if (document == null) {
      throw unknown("it answered 404", null);
    }
    Object issuer;
    try {
      issuer = Serialization.unmarshal(document, Map.class).get("issuer");
    } catch (RuntimeException e) {
      throw unknown("its answer is not a discovery document", e);
    }
    if (!(issuer instanceof String s) || s.isBlank()) {
      throw unknown("its discovery document names no issuer", null);
    }
    return s;
  }

  private static IllegalStateException unknown(String why, Throwable cause) {
    return new IllegalStateException(
        "cannot read the cluster's service-account issuer from " + DISCOVERY + " (" + why + ")",
        cause);
  }
}
