package dev.podidentity.assigner.it;

import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SecuredKafkaProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Mutual TLS, the principal from the client certificate (Strimzi's tls users). */
@QuarkusTest
@TestProfile(AssignerOverMtlsIT.Mtls.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class AssignerOverMtlsIT extends SecuredAssigner {
  public static final class Mtls extends SecuredKafkaProfile {
    public Mtls() {
      super(Auth.MTLS, "podidentity-assigner");
    }
  }
}
