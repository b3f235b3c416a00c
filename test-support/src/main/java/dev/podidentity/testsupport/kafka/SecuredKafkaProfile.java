package dev.podidentity.testsupport.kafka;

import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * A test profile that runs the application against a secured listener as one service principal with
 * its manifest's ACLs. A module writes one line per case:
 *
 * <pre>{@code
 * public static class NmiOverMtls extends SecuredKafkaProfile {
 *   public NmiOverMtls() { super(Auth.MTLS, "podidentity-nmi"); }
 * }
 * @QuarkusTest @TestProfile(NmiOverMtls.class) class NmiOverMtlsIT { ... }
 * }</pre>
 *
 * Override {@link #getConfigOverrides()} for anything else the profile changes.
 */
public abstract class SecuredKafkaProfile implements QuarkusTestProfile {
  private final Auth auth;
  private final String user;

  protected SecuredKafkaProfile(Auth auth, String user) {
    this.auth = auth;
    this.user = user;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(SecuredKafkaTestResource.entry(auth, user));
  }
}
