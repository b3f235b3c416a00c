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
 * A second application in the same JVM, over SASL_SSL with SCRAM as the watcher: its class loader
 * is not the one whose login modules registered Kafka's SASL mechanisms, and it still logs in,
 * because the broker it uses is the JVM's one.
 */
@EmbeddedKafkaOnly
@QuarkusTest
@TestProfile(SecuredScramProfileIT.WatcherOverScram.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SecuredScramProfileIT {

  public static class WatcherOverScram extends SecuredKafkaProfile {
    public WatcherOverScram() {
      super(Auth.SCRAM, "podidentity-watcher");
    }
  }

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Test
  void theApplicationLogsInWithScramAsTheWatcherWithItsAcls() throws Exception {
    assertThat(kafka)
        .containsEntry("bootstrap.servers", SharedKafka.secured().saslSslBootstrap())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");

    try (var producer = Clients.producer(kafka)) {
      assertThat(Clients.produce(producer, Topics.DEADLETTER)).isNull();
      assertThat(Clients.produce(producer, Topics.LEDGER))
          .isInstanceOf(TopicAuthorizationException.class);
    }
  }
}
