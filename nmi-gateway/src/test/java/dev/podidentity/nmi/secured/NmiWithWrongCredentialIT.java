package dev.podidentity.nmi.secured;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.podidentity.testsupport.kafka.BeatingKafkaTestResource;
import dev.podidentity.testsupport.kafka.EmbeddedKafkaOnly;
import dev.podidentity.testsupport.kafka.SecuredKafka;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SharedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A wrong SCRAM password: the NMI still starts (it keeps proxying instance metadata, and fails
 * token requests closed), and readiness says why the view cannot be read, in the broker's words.
 */
@EmbeddedKafkaOnly
@QuarkusTest
@TestProfile(NmiWithWrongCredentialIT.WrongPassword.class)
@WithTestResource(value = BeatingKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class NmiWithWrongCredentialIT {
  public static final class WrongPassword implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Resource.class));
    }
  }

  /** The NMI's SCRAM settings with a password the broker does not know. */
  public static final class Resource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      SecuredKafka kafka = SharedKafka.secured();
      Map<String, String> props =
          new HashMap<>(kafka.quarkusProperties(Auth.SCRAM, "podidentity-nmi"));
      props.put(
          "kafka.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required"
              + " username=\"podidentity-nmi\" password=\"not-the-password\";");
      return props;
    }

    @Override
    public int order() {
      return 1000; // after the plaintext broker resource: its bootstrap servers are replaced
    }

    @Override
    public void stop() {}
  }

  @Test
  void readinessNamesTheRefusedCredential() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body(containsString("SaslAuthenticationException"))
                    .body(containsString("invalid credentials")));
  }
}
