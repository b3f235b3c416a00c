package dev.podidentity.nmi.core;

import dev.podidentity.events.IdentityRecord;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The client-credentials request for a service principal's token: Entra's v2 token endpoint under
 * the identity's authority host ({@code adEndpoint}, else the default), and the form body.
 */
public final class EntraRequest {
  private EntraRequest() {}

  /**
   * {@code <authority>/<tenant>/oauth2/v2.0/token}.
   *
   * @throws CredentialException when the identity has no tenant or its authority is not https
   */
  public static URI tokenUrl(IdentityRecord identity, URI defaultAuthority) {
    return tokenUrl(identity, identity.tenantId(), defaultAuthority);
  }

  /**
   * {@code <authority>/<tenant>/oauth2/v2.0/token} for {@code tenant} (a federated identity may
   * leave its tenant to the NMI's).
   *
   * @throws CredentialException when the tenant is missing or malformed or the authority is not
   *     https
   */
  public static URI tokenUrl(IdentityRecord identity, String tenant, URI defaultAuthority) {
    if (tenant == null || tenant.isBlank() || !tenant.matches("[A-Za-z0-9.-]{1,128}")) {
      throw new CredentialException(
          "AzureIdentity "
              + identity.namespace()
              + "/"
              + identity.name()
              + " has no valid tenantID");
    }
    URI authority = defaultAuthority;
    if (identity.adEndpoint() != null && !identity.adEndpoint().isBlank()) {
      try {
        authority = URI.create(identity.adEndpoint().trim());
      } catch (IllegalArgumentException e) {
        authority = null;
      }
    }
    if (authority == null
        || !"https".equalsIgnoreCase(authority.getScheme())
        || authority.getHost() == null
        || authority.getQuery() != null) {
      throw new CredentialException(
          "AzureIdentity "
              + identity.namespace()
              + "/"
              + identity.name()
              + ": adEndpoint must be an https:// authority host");
    }
    String base = authority.toString().replaceAll("/+$", "");
    return URI.create(base + "/" + tenant + "/oauth2/v2.0/token");
  }

  /**
   * The v2 scope for an IMDS-style {@code resource}: {@code <resource>/.default}. A resource that
   * ends in {@code /} keeps it ({@code https://management.azure.com//.default}), so the token's
   * audience is exactly the resource the pod asked for, as with IMDS.
   */
  public static String scopeOf(String resource) {
    return resource.endsWith("/.default") ? resource : resource + "/.default";
  }

  /** The form body; {@code secretOrNull} xor {@code assertionOrNull}. */
  public static String form(
      String clientId, String scope, String secretOrNull, String assertionOrNull) {
    StringBuilder b =
        new StringBuilder(256)
            .append("grant_type=client_credentials&client_id=")
            .append(enc(clientId))
            .append("&scope=")
            .append(enc(scope));
    if (secretOrNull != null) {
      b.append("&client_secret=").append(enc(secretOrNull));
    } else {
      b.append("&client_assertion_type=")
          .append(enc(ClientAssertion.TYPE))
          .append("&client_assertion=")
          .append(enc(assertionOrNull));
    }
    return b.toString();
  }

  /** Whether an Entra answer with this status (0: no answer) is worth retrying. */
  public static boolean retriable(int status) {
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
