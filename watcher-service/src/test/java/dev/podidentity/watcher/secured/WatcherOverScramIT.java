package dev.podidentity.watcher.secured;

import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SecuredKafkaProfile;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** SASL_SSL with SCRAM-SHA-512 (Strimzi's scram-sha-512 users). */
@QuarkusTest
@TestProfile(WatcherOverScramIT.Scram.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class WatcherOverScramIT extends SecuredWatcher {
  public static final class Scram extends SecuredKafkaProfile {
    public Scram() {
      super(Auth.SCRAM, "podidentity-watcher");
    }
  }
}
