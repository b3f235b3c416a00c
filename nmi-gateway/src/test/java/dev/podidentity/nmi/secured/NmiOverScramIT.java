package dev.podidentity.nmi.secured;

import dev.podidentity.testsupport.kafka.BeatingKafkaTestResource;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SecuredKafkaProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** SASL_SSL with SCRAM-SHA-512 (Strimzi's scram-sha-512 users). */
@QuarkusTest
@TestProfile(NmiOverScramIT.Scram.class)
@WithTestResource(value = BeatingKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class NmiOverScramIT extends SecuredNmi {
  public static final class Scram extends SecuredKafkaProfile {
    public Scram() {
      super(Auth.SCRAM, "podidentity-nmi");
    }
  }
}
