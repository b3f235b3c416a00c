package dev.podidentity.watcher;

import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.HealthContract;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The service starts with the shared broker and answers health and metrics. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class HealthIT extends HealthContract {}
