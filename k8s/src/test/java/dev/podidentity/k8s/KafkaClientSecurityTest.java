package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kafka security components (Strimzi mutual TLS, Strimzi SCRAM, Event Hubs): each service gets
 * the standard {@code KAFKA_*} variables, secrets only through secret references to keys Strimzi's
 * Secrets really have, its own user's Secret and no other, and the files it is told to read from
 * read-only mounts that hold them.
 */
class KafkaClientSecurityTest {
  private static final String CLUSTER_CA = "podidentity-cluster-ca-cert";

  /** What Strimzi writes into each Secret. */
  private static final Set<String> CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");

  private static final Set<String> TLS_USER_KEYS =
      Set.of("ca.crt", "user.crt", "user.key", "user.p12", "user.password");
  private static final Set<String> SCRAM_USER_KEYS = Set.of("password", "sasl.jaas.config");

  static Stream<Arguments> strimzi() {
    return Stream.of(
        Arguments.of("src/test/kustomize/kafka-strimzi-tls", "SSL", TLS_USER_KEYS, "9093"),
        Arguments.of(
            "src/test/kustomize/kafka-strimzi-scram", "SASL_SSL", SCRAM_USER_KEYS, "9094"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strimzi")
  void everyServiceTrustsTheClusterCaAndUsesOnlyItsOwnUsersSecret(
      String fixture, String protocol, Set<String> userKeys, String port) {
    Rendered r = Kustomize.render(fixture);
    assertThat(r.setting("KAFKA_BOOTSTRAP_SERVERS")).endsWith(":" + port);
    List<Rendered.Workload> services = services(r);
    assertThat(services).isNotEmpty();
    for (Rendered.Workload w : services) {
      JsonNode c = container(w);
      String user = w.name();
      assertThat(value(c, "KAFKA_SECURITY_PROTOCOL")).as(user).isEqualTo(protocol);
      assertThat(value(c, "KAFKA_SSL_TRUSTSTORE_TYPE")).isEqualTo("PKCS12");
      assertThat(secretRef(c, "KAFKA_SSL_TRUSTSTORE_PASSWORD"))
          .isEqualTo(CLUSTER_CA + "/ca.password");
      assertThat(mountedSecretFile(w, value(c, "KAFKA_SSL_TRUSTSTORE_LOCATION")))
          .isEqualTo(CLUSTER_CA + "/ca.p12");
      if (protocol.equals("SSL")) {
        assertThat(value(c, "KAFKA_SSL_KEYSTORE_TYPE")).isEqualTo("PKCS12");
        assertThat(secretRef(c, "KAFKA_SSL_KEYSTORE_PASSWORD")).isEqualTo(user + "/user.password");
        assertThat(mountedSecretFile(w, value(c, "KAFKA_SSL_KEYSTORE_LOCATION")))
            .isEqualTo(user + "/user.p12");
      } else {
        assertThat(value(c, "KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
        assertThat(secretRef(c, "KAFKA_SASL_JAAS_CONFIG")).isEqualTo(user + "/sasl.jaas.config");
      }
      for (String ref : secretRefs(w)) {
        String secret = ref.substring(0, ref.indexOf('/'));
        String key = ref.substring(ref.indexOf('/') + 1);
        assertThat(secret).as("%s reads %s", w, ref).isIn(CLUSTER_CA, user);
        assertThat(key)
            .as("%s reads %s, a key Strimzi does not write", w, ref)
            .isIn(secret.equals(CLUSTER_CA) ? CLUSTER_CA_KEYS : userKeys);
      }
      secretsComeOnlyFromSecrets(c);
    }
  }

  @Test
  void theComponentsLeaveOutTheAssignerWhereAModeHasNone() {
    Rendered managed = Kustomize.render("src/test/kustomize/kafka-strimzi-scram");

    assertThat(OverlaysTest.workloadNames(managed))
        .containsExactlyInAnyOrder("podidentity-watcher", "podidentity-nmi");
  }

  @Test
  void eventHubsUsesPlainWithTheConnectionStringFromASecret() {
    Rendered r = Kustomize.render("src/test/kustomize/kafka-event-hubs");
    assertThat(r.setting("KAFKA_BOOTSTRAP_SERVERS")).endsWith(".servicebus.windows.net:9093");
    List<Rendered.Workload> services = services(r);
    assertThat(services).hasSize(3);
    for (Rendered.Workload w : services) {
      JsonNode c = container(w);
      assertThat(value(c, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
      assertThat(value(c, "KAFKA_SASL_MECHANISM")).isEqualTo("PLAIN");
      assertThat(secretRef(c, "EVENTHUBS_CONNECTION_STRING"))
          .isEqualTo("podidentity-eventhubs/connectionString");
      assertThat(value(c, "KAFKA_SASL_JAAS_CONFIG"))
          .isEqualTo(
              "org.apache.kafka.common.security.plain.PlainLoginModule required"
                  + " username=\"$ConnectionString\" password=\"$(EVENTHUBS_CONNECTION_STRING)\";");
      // Kubernetes expands $(NAME) only from variables defined earlier in the list.
      List<String> names = envNames(c);
      assertThat(names.indexOf("EVENTHUBS_CONNECTION_STRING"))
          .as(w.toString())
          .isLessThan(names.indexOf("KAFKA_SASL_JAAS_CONFIG"));
      // Event Hubs' certificate chains to a public CA: no trust store, nothing mounted.
      assertThat(names).noneMatch(n -> n.startsWith("KAFKA_SSL_"));
      assertThat(secretRefs(w)).containsExactly("podidentity-eventhubs/connectionString");
      secretsComeOnlyFromSecrets(c);
    }
  }

  /** The three services (not the topic Job). */
  static List<Rendered.Workload> services(Rendered r) {
    return r.workloads().stream().filter(w -> KafkaUsersTest.TOPICS.containsKey(w.name())).toList();
  }

  private static JsonNode container(Rendered.Workload w) {
    return w.podSpec().path("containers").get(0);
  }

  private static String value(JsonNode c, String env) {
    JsonNode e = WorkloadHardeningTest.env(c, env);
    assertThat(e.has("value")).as(env + " is a literal").isTrue();
    return e.path("value").asText();
  }

  private static String secretRef(JsonNode c, String env) {
    JsonNode ref = WorkloadHardeningTest.env(c, env).path("valueFrom").path("secretKeyRef");
    assertThat(ref.isMissingNode()).as(env + " comes from a Secret").isFalse();
    return ref.path("name").asText() + "/" + ref.path("key").asText();
  }

  private static List<String> envNames(JsonNode c) {
    List<String> names = new ArrayList<>();
    c.path("env").forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  /** Passwords and JAAS lines never appear as literals in the manifests. */
  private static void secretsComeOnlyFromSecrets(JsonNode c) {
    for (JsonNode e : c.path("env")) {
      String name = e.path("name").asText();
      if (name.contains("PASSWORD") || name.equals("EVENTHUBS_CONNECTION_STRING")) {
        assertThat(e.has("value")).as(name + " is a literal").isFalse();
      }
    }
  }

  /** Every secret key the workload reads, as an env var or a mounted file: "secret/key". */
  private static List<String> secretRefs(Rendered.Workload w) {
    List<String> refs = new ArrayList<>();
    for (JsonNode e : container(w).path("env")) {
      JsonNode ref = e.path("valueFrom").path("secretKeyRef");
      if (!ref.isMissingNode()) {
        refs.add(ref.path("name").asText() + "/" + ref.path("key").asText());
      }
    }
    for (JsonNode v : w.podSpec().path("volumes")) {
      JsonNode secret = v.path("secret");
      assertThat(secret.isMissingNode() || secret.has("items"))
          .as(
              "%s mounts all of Secret %s, not just the files it needs",
              w, secret.path("secretName"))
          .isTrue();
      secret
          .path("items")
          .forEach(
              i -> refs.add(secret.path("secretName").asText() + "/" + i.path("key").asText()));
    }
    return refs;
  }

  /**
   * The Secret and key behind a file path the workload is told to read: a read-only mount of a
   * secret volume whose items put that key at that path.
   */
  private static String mountedSecretFile(Rendered.Workload w, String path) {
    for (JsonNode mount : container(w).path("volumeMounts")) {
      String dir = mount.path("mountPath").asText() + "/";
      if (!path.startsWith(dir)) {
        continue;
      }
      assertThat(mount.path("readOnly").asBoolean()).as("%s mount of %s", w, path).isTrue();
      for (JsonNode v : w.podSpec().path("volumes")) {
        if (v.path("name").asText().equals(mount.path("name").asText())) {
          JsonNode secret = v.path("secret");
          for (JsonNode item : secret.path("items")) {
            if (path.equals(dir + item.path("path").asText())) {
              return secret.path("secretName").asText() + "/" + item.path("key").asText();
            }
          }
        }
      }
    }
    throw new AssertionError(w + " reads " + path + " but no secret volume mounts it");
  }
}
