package dev.podidentity.cli.port;

/**
 * The {@code iss} of the cluster's service-account tokens, the issuer a federated credential must
 * name: what the Kubernetes API's OIDC discovery document ({@code
 * /.well-known/openid-configuration}) says.
 */
public interface ServiceAccountIssuer {
  /**
   * The issuer URL.
   *
   * @throws IllegalStateException saying in one line why the cluster did not tell (not served, not
   *     to this user, unreachable)
   */
  String issuer();
}
