package dev.podidentity.nmi.core;

/**
 * An access token as IMDS describes it. {@code expiresOnEpochSeconds} is absolute so that the
 * {@code expires_in} handed out from the cache is always recomputed, never stale. {@code upstream}
 * is the call that fetched it (null when unknown): a cache miss's request subtracts it from its own
 * time to tell the NMI's share from the upstream's.
 */
public record Token(
    String accessToken,
    long expiresOnEpochSeconds,
    long notBeforeEpochSeconds,
    String resource,
    String tokenType,
    String clientId,
    UpstreamCall upstream) {

  /** This token as fetched by {@code call}. */
  public Token fetchedBy(UpstreamCall call) {
    return new Token(
        accessToken,
        expiresOnEpochSeconds,
        notBeforeEpochSeconds,
        resource,
        tokenType,
        clientId,
        call);
  }

  /** Whether the cache should fetch a new one: less than {@code marginSeconds} of life left. */
  public boolean needsRefresh(long nowEpochSeconds, long marginSeconds) {
    return expiresOnEpochSeconds - nowEpochSeconds <= marginSeconds;
  }

  /** {@code toString} never shows the token itself: it may end up in a log line. */
  @Override
  public String toString() {
    return "Token[resource="
        + resource
        + ", clientId="
        + clientId
        + ", expiresOn="
        + expiresOnEpochSeconds
        + "]";
  }
}
