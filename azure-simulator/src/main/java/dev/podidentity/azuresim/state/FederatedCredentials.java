package dev.podidentity.azuresim.state;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The federated identity credentials of every user-assigned identity, with the checks ARM makes
 * before it stores one. Messages are those Azure documents for each refusal; thread-safe.
 */
public final class FederatedCredentials {

  /** Azure allows at most this many federated credentials on one identity (or app). */
  public static final int MAX_PER_IDENTITY = 20;

  /** Issuer, subject and audience are each limited to this many characters. */
  public static final int MAX_VALUE_LENGTH = 600;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{2,119}");

  /** Per identity key (lowercased id): credentials by lowercased name, in creation order. */
  private final Map<String, Map<String, FederatedCredential>> byIdentity =
      new ConcurrentHashMap<>();

  /** The outcome of a create-or-update: the stored credential, or ARM's refusal. */
  public record Put(FederatedCredential credential, boolean created, IdentityError error) {}

  /**
   * Creates or replaces credential {@code name} on {@code identity}. Refusals: a malformed name,
   * missing properties, an issuer that is not an http(s) URL, not exactly one audience, values over
   * 600 characters, an issuer and subject pair another credential of the identity already has, and
   * a 21st credential.
   */
  public Put put(
      ManagedIdentity identity,
      String name,
      String issuer,
      String subject,
      List<String> audiences) {
    Optional<IdentityError> invalid = validate(name, issuer, subject, audiences);
    if (invalid.isPresent()) {
      return new Put(null, false, invalid.get());
    }
    Map<String, FederatedCredential> mine =
        byIdentity.computeIfAbsent(identity.key(), k -> new LinkedHashMap<>());
    synchronized (mine) {
      String key = lower(name);
      for (FederatedCredential other : mine.values()) {
        if (!lower(other.name()).equals(key)
            && other.issuer().equals(issuer)
            && other.subject().equals(subject)) {
          return refused(
              400,
              "BadRequest",
              "Issuer and subject combination already exists for this Managed" + " Identity.");
        }
      }
      boolean created = !mine.containsKey(key);
      if (created && mine.size() >= MAX_PER_IDENTITY) {
        return refused(
            400,
            "BadRequest",
            "The number of federated identity credentials on this user-assigned identity would"
                + " exceed the maximum of "
                + MAX_PER_IDENTITY
                + ".");
      }
      FederatedCredential fc =
          new FederatedCredential(identity.id(), name, issuer, subject, List.copyOf(audiences));
      mine.put(key, fc);
      return new Put(fc, created, null);
    }
  }

  static Optional<IdentityError> validate(
      String name, String issuer, String subject, List<String> audiences) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.of(
          new IdentityError(
              400, "BadRequest", "Federated Identity Credential name '" + name + "' is invalid."));
    }
    if (issuer == null
        || issuer.isBlank()
        || subject == null
        || subject.isBlank()
        || audiences == null) {
      return Optional.of(
          new IdentityError(
              400,
              "BadRequest",
              "Federated Identity Credential from HTTP body has empty properties"));
    }
    if (audiences.size() != 1 || audiences.get(0) == null || audiences.get(0).isBlank()) {
      return Optional.of(
          new IdentityError(
              400, "BadRequest", "Federated identity credentials must have exactly one audience."));
    }
    if (issuer.length() > MAX_VALUE_LENGTH
        || subject.length() > MAX_VALUE_LENGTH
        || audiences.get(0).length() > MAX_VALUE_LENGTH) {
      return Optional.of(
          new IdentityError(
              400,
              "BadRequest",
              "Issuer, subject and audience of a federated identity credential are limited to "
                  + MAX_VALUE_LENGTH
                  + " characters."));
    }
    if (!isHttpUrl(issuer)) {
      return Optional.of(
          new IdentityError(
              400,
              "BadRequest",
              "Federated Identity Credential issuer '" + issuer + "' is not a valid URL."));
    }
    return Optional.empty();
  }

  private static boolean isHttpUrl(String issuer) {
    try {
      URI uri = new URI(issuer);
      String scheme = uri.getScheme();
      return ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          && uri.getHost() != null
          && issuer.strip().equals(issuer);
    } catch (Exception e) {
      return false;
    }
  }

  private static Put refused(int status, String code, String message) {
    return new Put(null, false, new IdentityError(status, code, message));
  }

  public Optional<FederatedCredential> get(ManagedIdentity identity, String name) {
    Map<String, FederatedCredential> mine = byIdentity.get(identity.key());
    if (mine == null) {
      return Optional.empty();
    }
    synchronized (mine) {
      return Optional.ofNullable(mine.get(lower(name)));
    }
  }

  /** The identity's credentials, in creation order. */
  public List<FederatedCredential> of(ManagedIdentity identity) {
    Map<String, FederatedCredential> mine = byIdentity.get(identity.key());
    if (mine == null) {
      return List.of();
    }
    synchronized (mine) {
      return new ArrayList<>(mine.values());
    }
  }

  /** True if the credential existed. */
  public boolean delete(ManagedIdentity identity, String name) {
    Map<String, FederatedCredential> mine = byIdentity.get(identity.key());
    if (mine == null) {
      return false;
    }
    synchronized (mine) {
      return mine.remove(lower(name)) != null;
    }
  }

  /** Drops every credential of a deleted identity, so a re-created one starts with none. */
  void deleteAll(String identityKey) {
    byIdentity.remove(identityKey);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
