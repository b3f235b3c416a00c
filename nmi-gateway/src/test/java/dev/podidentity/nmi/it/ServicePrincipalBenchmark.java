package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.IdentityType;
import dev.podidentity.events.SecretRef;
import dev.podidentity.nmi.core.CertificateFixtures;
import dev.podidentity.nmi.it.TestNode.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What a service principal's token costs: the first request of an identity (Secret read from the
 * Kubernetes API, then Entra), later cache misses (Entra only, Secret cached), and cache hits, for
 * a client secret and a certificate (client assertion signed per call). Sequential requests from
 * one pod, all parts in this JVM on 127.0.0.1. Prints numbers; asserts only that every answer was a
 * token.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class ServicePrincipalBenchmark {
  static final int MISSES = Integer.getInteger("benchmark.sp.misses", 200);
  static final int HITS = Integer.getInteger("benchmark.sp.hits", 5_000);

  @Test
  void servicePrincipalTokenCosts() throws Exception {
    ServicePrincipalIT.start();
    StringBuilder report = new StringBuilder();
    try {
      report.append(run("client secret (type 1)", IdentityType.SERVICE_PRINCIPAL, "127.0.0.90"));
      report.append(
          run("certificate (type 2)", IdentityType.SERVICE_PRINCIPAL_CERTIFICATE, "127.0.0.91"));
    } finally {
      ServicePrincipalIT.stop();
    }
    System.out.println("\n===== service-principal benchmark =====\n" + report);
    Files.writeString(Path.of("target", "sp-benchmark-result.txt"), report.toString());
  }

  private String run(String label, IdentityType type, String ip) {
    TestNode node = ServicePrincipalIT.node;
    String name = ServicePrincipalIT.secretName();
    Map<String, Object> sp;
    if (type == IdentityType.SERVICE_PRINCIPAL) {
      sp = TestCluster.sim().admin().addServicePrincipal(null, "bench", null);
      ServicePrincipalIT.secret(
          "default", name, Map.of("clientSecret", ServicePrincipalIT.utf8("bench")));
    } else {
      sp =
          TestCluster.sim()
              .admin()
              .addServicePrincipal(null, null, CertificateFixtures.certificatePem());
      ServicePrincipalIT.secret(
          "default",
          name,
          Map.of(
              "certificate",
              CertificateFixtures.pkcs12("pw"),
              "password",
              ServicePrincipalIT.utf8("pw")));
    }
    Identity id =
        node.servicePrincipal(
            "default", name, type, (String) sp.get("clientId"), new SecretRef("default", name));
    ServicePrincipalIT.boundPod(node, ip, id);

    long t0 = System.nanoTime();
    expectToken(node.token(ip, "resource=https://first.example"));
    double firstMs = (System.nanoTime() - t0) / 1e6;

    Histogram misses = new Histogram(3);
    for (int i = 0; i < MISSES; i++) {
      long s = System.nanoTime();
      expectToken(node.token(ip, "resource=https://miss-" + i + ".example"));
      misses.recordValue((System.nanoTime() - s) / 1000);
    }
    Histogram hits = new Histogram(3);
    long hitStart = System.nanoTime();
    for (int i = 0; i < HITS; i++) {
      long s = System.nanoTime();
      expectToken(node.token(ip, "resource=https://first.example"));
      hits.recordValue((System.nanoTime() - s) / 1000);
    }
    double hitSeconds = (System.nanoTime() - hitStart) / 1e9;
    return String.format(
        "%s:%n  first request (Secret read + Entra): %.2f ms%n"
            + "  cache miss (Entra), %d sequential: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n"
            + "  cache hit, %d sequential: p50 %.3f ms, p99 %.3f ms (%.0f req/s one connection)%n",
        label,
        firstMs,
        MISSES,
        misses.getValueAtPercentile(50) / 1000.0,
        misses.getValueAtPercentile(99) / 1000.0,
        misses.getMaxValue() / 1000.0,
        HITS,
        hits.getValueAtPercentile(50) / 1000.0,
        hits.getValueAtPercentile(99) / 1000.0,
        HITS / hitSeconds);
  }

  private static void expectToken(TestNode.Answer a) {
    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
  }
}
