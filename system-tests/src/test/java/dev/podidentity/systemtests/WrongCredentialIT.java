package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podidentity.local.RepoRoot;
import dev.podidentity.testsupport.kafka.EmbeddedKafkaOnly;
import dev.podidentity.testsupport.kafka.SecuredKafka;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.SharedKafka;
import dev.podidentity.testsupport.kafka.secure.ClientSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service started with a credential the broker refuses stops at once, and its output names the
 * problem as the broker put it: the built jar, run as a process, against the test JVM's broker's
 * SASL_SSL listener with a wrong SCRAM password.
 */
@EmbeddedKafkaOnly
class WrongCredentialIT {

  @ParameterizedTest
  @ValueSource(strings = {"watcher-service", "assigner-service"})
  void aRefusedCredentialStopsTheStartNamingTheProblem(String module) throws Exception {
    Path root = RepoRoot.find().orElse(null);
    assumeTrue(root != null, "the repository root cannot be found");
    Path jar = RepoRoot.quarkusRunner(root, module);
    assumeTrue(Files.isRegularFile(jar), module + " is not built (mvn install -DskipTests)");
    assumeTrue(SharedKafka.securedAvailable(), "the broker is not the embedded one");
    SecuredKafka kafka = SharedKafka.secured();
    String user = module.equals("watcher-service") ? "podidentity-watcher" : "podidentity-assigner";
    Map<String, String> client = new HashMap<>(kafka.clientProperties(Auth.SCRAM, user));
    client.put("sasl.jaas.config", ClientSecurity.scramJaas(user, "not-the-password"));

    Path log = Files.createTempFile(root.resolve("system-tests/target"), module, ".log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(javaBin(), "-Xmx128m", "-jar", jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(ClientSecurity.environment(client));
    builder.environment().put("WATCHER_LEASE_ENABLED", "false");
    builder.environment().put("ASSIGNER_KUBERNETES_ENABLED", "false");
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    builder.environment().put("ASSIGNER_AAD_METRICS_PORT", "0");
    Process process = builder.start();
    try {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(module + " stopped").isTrue();
      assertThat(process.exitValue()).isNotZero();
      assertThat(Files.readString(log))
          .contains("SaslAuthenticationException")
          .contains("invalid credentials");
    } finally {
      process.destroyForcibly();
    }
  }

  private static String javaBin() throws IOException {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
