package dev.podidentity.watcher.secured;

import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SecuredKafkaProfile;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Mutual TLS, the principal from the client certificate (Strimzi's tls users). */
@QuarkusTest
@TestProfile(WatcherOverMtlsIT.Mtls.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class WatcherOverMtlsIT extends SecuredWatcher {
  public static final class Mtls extends SecuredKafkaProfile {
    public Mtls() {
      super(Auth.MTLS, "podidentity-watcher");
    }
  }
}
