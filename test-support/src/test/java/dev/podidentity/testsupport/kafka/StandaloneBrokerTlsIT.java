package dev.podidentity.testsupport.kafka;

import static dev.podidentity.testsupport.kafka.Clients.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.secure.SecuredListeners;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-broker start --tls}: a separate broker process that TLS clients reach. */
class StandaloneBrokerTlsIT {
  @TempDir Path dir;

  @AfterEach
  void stopBroker() throws Exception {
    StandaloneBroker.stop(dir);
  }

  @Test
  void aTlsBrokerProcessServesMutualTlsAndScramClientsUnderAcls() throws Exception {
    var out = new ByteArrayOutputStream();
    int started =
        StandaloneBroker.run(
            new String[] {"start", "--port", "0", "--dir", dir.toString(), "--tls"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(started).isZero();
    SecuredKafka secured = StandaloneBroker.secured(dir).orElseThrow();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("mTLS     " + secured.mtlsBootstrap())
        .contains("SASL_SSL " + secured.saslSslBootstrap());
    assertThat(dir.resolve("tls/ca.crt")).exists();
    assertThat(dir.resolve("tls/ca.p12")).exists();
    TopicAdmin.ensure(secured.plaintextBootstrap(), Topics.ALL);

    // What a user of Kafka's CLI does: --command-config with the written file.
    try (Admin admin = Clients.admin(load(dir.resolve("tls/admin-mtls.properties")))) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.PODS);
    }
    try (Admin admin = Clients.admin(load(dir.resolve("tls/admin-scram.properties")))) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.PODS);
    }

    // A service principal gets its manifest's ACLs from the launcher, and no more.
    secured.grantAsManifest("podidentity-nmi", Auth.MTLS);
    try (var producer = Clients.producer(secured.clientProperties(Auth.MTLS, "podidentity-nmi"))) {
      assertThat(produce(producer, Topics.DEADLETTER)).isNull();
      assertThat(produce(producer, Topics.ASSIGNMENTS))
          .isInstanceOf(TopicAuthorizationException.class);
    }
    try (var producer =
        Clients.producer(secured.clientProperties(Auth.PLAIN, SecuredListeners.ADMIN))) {
      assertThat(produce(producer, Topics.ASSIGNMENTS)).isNull();
    }
  }

  private static Map<String, String> load(Path file) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    Map<String, String> map = new HashMap<>();
    p.forEach((k, v) -> map.put((String) k, (String) v));
    return map;
  }
}
