package dev.podidentity.assigner;

import dev.podidentity.assigner.it.SimulatorTestResource;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.HealthContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The service starts with the shared broker and answers health and metrics. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class HealthIT extends HealthContract {}
