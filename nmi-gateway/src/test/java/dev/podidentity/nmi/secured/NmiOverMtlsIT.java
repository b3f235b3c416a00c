package dev.podidentity.nmi.secured;

import dev.podidentity.testsupport.kafka.BeatingKafkaTestResource;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SecuredKafkaProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Mutual TLS, the principal from the client certificate (Strimzi's tls users). */
@QuarkusTest
@TestProfile(NmiOverMtlsIT.Mtls.class)
@WithTestResource(value = BeatingKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class NmiOverMtlsIT extends SecuredNmi {
  public static final class Mtls extends SecuredKafkaProfile {
    public Mtls() {
      super(Auth.MTLS, "podidentity-nmi");
    }
  }
}
