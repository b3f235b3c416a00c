package dev.podidentity.testsupport.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.Clients;
import dev.podidentity.testsupport.kafka.EmbeddedKafkaOnly;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SecuredKafkaProfile;
import dev.podidentity.testsupport.kafka.SharedKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * What a service module does: the global PLAINTEXT resource, and a profile that moves the
 * application to mutual TLS as the NMI. The application's Kafka configuration (the one every
 * channel and client of Quarkus starts from) is then the NMI's, and acts as the NMI on the broker.
 */
@EmbeddedKafkaOnly
@QuarkusTest
@TestProfile(SecuredProfileIT.NmiOverMtls.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SecuredProfileIT {

  public static class NmiOverMtls extends SecuredKafkaProfile {
    public NmiOverMtls() {
      super(Auth.MTLS, "podidentity-nmi");
    }
  }

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Test
  @SuppressWarnings("unchecked")
  void theApplicationAndThePlainTestsShareTheJvmsOneBroker() throws Exception {
    // Quarkus loaded this class's SharedKafka; the plain tests use the application loader's.
    Class<?> root = ClassLoader.getSystemClassLoader().loadClass(SharedKafka.class.getName());
    assertThat(root).isNotSameAs(SharedKafka.class);
    Map<String, String> coordinates =
        (Map<String, String>) root.getMethod("coordinates").invoke(null);

    assertThat(coordinates)
        .containsEntry("bootstrap", SharedKafka.bootstrapServers())
        .containsEntry("mtls", SharedKafka.secured().mtlsBootstrap());
  }

  @Test
  void theApplicationTalksToTheMtlsListenerAsTheNmiWithItsAcls() throws Exception {
    assertThat(kafka)
        .containsEntry("bootstrap.servers", SharedKafka.secured().mtlsBootstrap())
        .containsEntry("security.protocol", "SSL")
        .containsKeys("ssl.keystore.location", "ssl.truststore.location");

    try (var producer = Clients.producer(kafka)) {
      assertThat(Clients.produce(producer, Topics.DEADLETTER)).isNull();
      assertThat(Clients.produce(producer, Topics.ASSIGNMENTS))
          .isInstanceOf(TopicAuthorizationException.class);
    }
  }
}
