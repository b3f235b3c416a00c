package dev.podidentity.assigner.it;

import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SecuredKafkaProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** SASL_SSL with SCRAM-SHA-512 (Strimzi's scram-sha-512 users). */
@QuarkusTest
@TestProfile(AssignerOverScramIT.Scram.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class AssignerOverScramIT extends SecuredAssigner {
  public static final class Scram extends SecuredKafkaProfile {
    public Scram() {
      super(Auth.SCRAM, "podidentity-assigner");
    }
  }
}
