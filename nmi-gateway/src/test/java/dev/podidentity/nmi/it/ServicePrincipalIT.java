package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.SecretRef;
import dev.podidentity.nmi.adapter.kubernetes.KubernetesSecretReader;
import dev.podidentity.nmi.core.CertificateFixtures;
import dev.podidentity.nmi.it.TestNode.Answer;
import dev.podidentity.nmi.it.TestNode.Identity;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.testsupport.metrics.PrometheusText;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service-principal identities end to end: Secrets in the Kubernetes test server (CRUD mode), the
 * simulator's Entra as authority (its HTTPS certificate trusted through {@code trust-pem}), the
 * view from the embedded broker, requests from the pods' own source addresses.
 */
class ServicePrincipalIT {
  static final String RESOURCE = "https://vault.azure.net";
  static KubernetesServer kube;
  static KubernetesClient client;
  static TestNode node;
  static TestNode disabledNode;

  @BeforeAll
  static void start() {
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    System.setProperty("kubernetes.http2.disable", "true");
    kube = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    kube.before();
    client = kube.getClient();
    node =
        TestNode.start(
            new KubernetesSecretReader(
                TestCluster.vertx(),
                client,
                new NmiMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())),
            "nmi.service-principals.enabled",
            "true",
            "nmi.service-principals.trust-pem",
            TestCluster.sim().trustPemPath().toString());
    disabledNode = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
    disabledNode.close();
    kube.after();
  }

  static void secret(String namespace, String name, Map<String, byte[]> data) {
    Map<String, String> encoded = new java.util.HashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withData(encoded)
                .build())
        .create();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A pod bound to {@code identity} whose assignment is ASSIGNED, as the assigner reports it. */
  static PodRecord boundPod(TestNode on, String ip, Identity identity) {
    String selector = "sel-" + UUID.randomUUID().toString().substring(0, 8);
    on.bind("default", "bind-" + selector, identity.record().name(), selector);
    PodRecord pod = on.pod(ip, "default", selector);
    on.assign(pod, AssignmentState.ASSIGNED, identity);
    on.awaitAssignment(pod, AssignmentState.ASSIGNED);
    return pod;
  }

  static String secretName() {
    return "sp-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static JsonObject claims(String jwt) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void clientSecretPrincipalGetsAnImdsShapedTokenOfItsOwnApp() {
    Map<String, Object> sp = TestCluster.sim().admin().addServicePrincipal(null, "s3cret", null);
    String clientId = (String) sp.get("clientId");
    String name = secretName();
    secret("default", name, Map.of("clientSecret", utf8("s3cret")));
    Identity id =
        node.servicePrincipal(
            "default",
            name,
            IdentityType.SERVICE_PRINCIPAL,
            clientId,
            new SecretRef("default", name));
    boundPod(node, "127.0.0.80", id);
    long imdsBefore = node.imdsTokens();

    Answer a = node.token("127.0.0.80", "resource=" + RESOURCE);

    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    JsonObject token = a.json();
    assertThat(token.getString("client_id")).isEqualTo(clientId);
    assertThat(token.getString("resource")).isEqualTo(RESOURCE);
    assertThat(token.getString("token_type")).isEqualTo("Bearer");
    assertThat(Long.parseLong(token.getString("expires_in"))).isPositive();
    assertThat(Long.parseLong(token.getString("expires_on"))).isPositive();
    assertThat(token.getString("not_before")).isNotBlank();
    JsonObject claims = claims(token.getString("access_token"));
    assertThat(claims.getString("appid")).isEqualTo(clientId);
    assertThat(claims.getValue("aud").toString()).contains(RESOURCE);
    assertThat(node.imdsTokens()).isEqualTo(imdsBefore);
    // aad's metrics: a service principal's token is its ADAL operation, adal_token.
    assertThat(
            new PrometheusText(node.aad.scrape())
                .value(
                    "aadpodidentity_imds_operations_duration_seconds_count"
                        + "{operation_type=\"adal_token\"}"))
        .isPositive();
  }

  @Test
  void certificatePrincipalGetsATokenWithItsPkcs12Certificate() {
    Map<String, Object> sp =
        TestCluster.sim()
            .admin()
            .addServicePrincipal(null, null, CertificateFixtures.certificatePem());
    String clientId = (String) sp.get("clientId");
    String name = secretName();
    secret(
        "default",
        name,
        Map.of("certificate", CertificateFixtures.pkcs12("pfx-pw"), "password", utf8("pfx-pw")));
    Identity id =
        node.servicePrincipal(
            "default",
            name,
            IdentityType.SERVICE_PRINCIPAL_CERTIFICATE,
            clientId,
            new SecretRef("default", name));
    boundPod(node, "127.0.0.81", id);

    Answer a = node.token("127.0.0.81", "resource=" + RESOURCE);

    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    assertThat(claims(a.json().getString("access_token")).getString("appid")).isEqualTo(clientId);
  }

  @Test
  void wrongSecretIsRefusedWithEntrasReason() {
    Map<String, Object> sp = TestCluster.sim().admin().addServicePrincipal(null, "right", null);
    String name = secretName();
    secret("default", name, Map.of("clientSecret", utf8("wrong")));
    Identity id =
        node.servicePrincipal(
            "default",
            name,
            IdentityType.SERVICE_PRINCIPAL,
            (String) sp.get("clientId"),
            new SecretRef("default", name));
    boundPod(node, "127.0.0.82", id);

    Answer a = node.token("127.0.0.82", "resource=" + RESOURCE);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description"))
        .contains("AADSTS7000215")
        .contains("Invalid client secret");
  }

  @Test
  void missingSecretIsRefusedNamingIt() {
    Map<String, Object> sp = TestCluster.sim().admin().addServicePrincipal(null, "s", null);
    Identity id =
        node.servicePrincipal(
            "default",
            "no-secret",
            IdentityType.SERVICE_PRINCIPAL,
            (String) sp.get("clientId"),
            new SecretRef("default", "does-not-exist"));
    boundPod(node, "127.0.0.83", id);

    Answer a = node.token("127.0.0.83", "resource=" + RESOURCE);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description"))
        .contains("Secret default/does-not-exist not found");
  }

  @Test
  void secretWithoutTheKeyIsRefusedNamingTheKey() {
    Map<String, Object> sp = TestCluster.sim().admin().addServicePrincipal(null, "s", null);
    String name = secretName();
    secret("default", name, Map.of("password", utf8("s")));
    Identity id =
        node.servicePrincipal(
            "default",
            name,
            IdentityType.SERVICE_PRINCIPAL,
            (String) sp.get("clientId"),
            new SecretRef("default", name));
    boundPod(node, "127.0.0.84", id);

    Answer a = node.token("127.0.0.84", "resource=" + RESOURCE);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description")).contains("no data key 'clientSecret'");
  }

  @Test
  void servicePrincipalIsRefusedWhereTheFeatureIsOff() {
    Map<String, Object> sp = TestCluster.sim().admin().addServicePrincipal(null, "s3cret", null);
    String name = secretName();
    secret("default", name, Map.of("clientSecret", utf8("s3cret")));
    Identity id =
        disabledNode.servicePrincipal(
            "default",
            name,
            IdentityType.SERVICE_PRINCIPAL,
            (String) sp.get("clientId"),
            new SecretRef("default", name));
    boundPod(disabledNode, "127.0.0.85", id);

    Answer a = disabledNode.token("127.0.0.85", "resource=" + RESOURCE);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description"))
        .contains("service-principal identities are disabled");
  }
}
