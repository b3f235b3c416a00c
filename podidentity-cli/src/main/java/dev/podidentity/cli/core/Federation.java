package dev.podidentity.cli.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Workload identity federation for a pod's service account: the subject its tokens carry, the
 * audience the NMI asks for, the credential {@code identity add --federated} creates and the match
 * Entra makes when the NMI exchanges the pod's token.
 */
public final class Federation {
  /** The audience of the service-account tokens the NMI exchanges, and of the credentials. */
  public static final String AUDIENCE = "api://AzureADTokenExchange";

  /** The service account a pod without {@code spec.serviceAccountName} runs as. */
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";

  private static final String PREFIX = "podidentity-";

  /** ARM's rule for a credential's name: 3 to 120 characters, alphanumerics, '-' and '_'. */
  private static final int MAX_NAME = 120;

  private static final int HASH_CHARS = 10;

  private Federation() {}

  /** The {@code sub} of a service account's tokens, as the Kubernetes API writes it. */
  public static String subject(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * The credential {@code identity add --federated} makes. Its name is {@code
   * podidentity-<namespace>-<service account>-<10 hex of sha256(issuer, subject)>}, dots as dashes
   * and cut so the whole stays within ARM's 120 characters: the same cluster, namespace and service
   * account always give the same name, and another issuer (a second cluster) another.
   */
  public static FederatedCredential credential(
      String issuer, String namespace, String serviceAccount) {
    String subject = subject(namespace, serviceAccount);
    String readable = (namespace + "-" + serviceAccount).replace('.', '-');
    int room = MAX_NAME - PREFIX.length() - 1 - HASH_CHARS;
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    String name = PREFIX + readable + "-" + hash(issuer + "\n" + subject);
    return new FederatedCredential(name, issuer, subject, List.of(AUDIENCE));
  }

  /**
   * The credential among {@code existing} that Entra would match to a token of {@code issuer} and
   * {@code subject} for {@link #AUDIENCE}: issuer and subject compared exactly, as Entra does.
   */
  public static Optional<FederatedCredential> matching(
      List<FederatedCredential> existing, String issuer, String subject) {
    return existing.stream()
        .filter(c -> c.issuer().equals(issuer) && c.subject().equals(subject))
        .filter(c -> c.audiences().contains(AUDIENCE))
        .findFirst();
  }

  /**
   * The credential among {@code existing} with the issuer and subject of {@code wanted}, whatever
   * its name (one made by hand or by {@code az} counts: ARM refuses a second one for the same
   * pair); empty when {@code wanted} is still to create.
   */
  public static Optional<FederatedCredential> existing(
      List<FederatedCredential> existing, FederatedCredential wanted) {
    return existing.stream()
        .filter(c -> c.issuer().equals(wanted.issuer()) && c.subject().equals(wanted.subject()))
        .findFirst();
  }

  /** What the NMI answers when Entra finds no credential for the pod's token. */
  public static String noCredential(String issuer, String subject) {
    return "no federated credential for issuer " + issuer + " subject " + subject;
  }

  /** The issuer as {@code --issuer} takes it: an https URL (Entra accepts no other). */
  public static String requireIssuer(String issuer) {
    String lower = issuer == null ? "" : issuer.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") || issuer.length() > 600 || issuer.contains(" ")) {
      throw new IllegalArgumentException(
          "--issuer must be the cluster's service-account issuer, an https URL (az aks show"
              + " --query oidcIssuerProfile.issuerUrl), not: "
              + issuer);
    }
    return issuer;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
