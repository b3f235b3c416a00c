package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The services' Dockerfiles, and the monitoring objects against the workloads they watch. */
class ImagesAndMonitoringTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"watcher-service, 8080", "assigner-service, 8081", "nmi-gateway, 8085"})
  void dockerfileIsQuarkusJvmLayoutOnAPinnedBaseAsNonRoot(String module, int port)
      throws IOException {
    Path file =
        Kustomize.moduleDir().getParent().resolve(module).resolve("src/main/docker/Dockerfile.jvm");
    List<String> lines =
        Files.readAllLines(file).stream()
            .map(String::trim)
            .filter(l -> !l.startsWith("#"))
            .toList();
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).as("%s FROM", module).hasSize(1);
    String base = from.get(0).substring(5).trim();
    assertThat(base).as("base image").matches("[\\w./-]+:\\w[\\w.-]*(@sha256:[a-f0-9]{64})?");
    assertThat(base).doesNotContain(":latest").doesNotContain("$");
    List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).as("%s USER", module).isNotEmpty();
    String user = users.get(users.size() - 1).substring(5).trim().split(":")[0];
    assertThat(user).as("final USER").matches("[1-9]\\d*");
    assertThat(lines).as("EXPOSE").contains("EXPOSE " + port);
    for (String dir : List.of("lib/", "*.jar", "app/", "quarkus/")) {
      assertThat(lines).anyMatch(l -> l.startsWith("COPY target/quarkus-app/" + dir));
    }
    assertThat(lines).anyMatch(l -> l.contains("quarkus-run.jar") && l.startsWith("ENTRYPOINT"));
    assertThat(
            lines.stream().anyMatch(l -> l.contains("apt-get install") && l.contains("iptables")))
        .as("%s installs iptables", module)
        .isEqualTo(module.equals("nmi-gateway"));
    int manifestPort =
        OverlaysTest.workload(Kustomize.render("overlays/standard"), workloadOf(module))
            .podSpec()
            .path("containers")
            .get(0)
            .path("ports")
            .get(0)
            .path("containerPort")
            .asInt();
    assertThat(manifestPort).as("the manifest's port").isEqualTo(port);
  }

  private static String workloadOf(String module) {
    return switch (module) {
      case "watcher-service" -> "podidentity-watcher";
      case "assigner-service" -> "podidentity-assigner";
      default -> "podidentity-nmi";
    };
  }

  @Test
  void everyPodMonitorSelectsAWorkloadAndScrapesAPortItDeclares() {
    Rendered r = Kustomize.render("src/test/kustomize/workload-identity");
    List<JsonNode> monitors = r.ofKind("PodMonitor");
    assertThat(monitors).hasSize(3);
    for (JsonNode m : monitors) {
      JsonNode selector = m.path("spec").path("selector").path("matchLabels");
      Rendered.Workload target =
          r.workloads().stream()
              .filter(w -> matches(selector, w.object().path("spec").path("template")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(Rendered.nameOf(m) + " selects nothing"));
      for (JsonNode endpoint : m.path("spec").path("podMetricsEndpoints")) {
        boolean aad = endpoint.path("port").asText().equals("aad-metrics");
        assertThat(endpoint.path("path").asText()).isEqualTo(aad ? "/metrics" : "/q/metrics");
        WorkloadHardeningTest.port(
            target.podSpec().path("containers").get(0), endpoint.path("port"));
      }
    }
  }

  /** aad-pod-identity's metrics are scraped where aad served them: MIC 8888, NMI 9090. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"podidentity-assigner, 8888", "podidentity-nmi, 9090"})
  void aadsMetricsAreScrapedOnAadsPorts(String workload, int port) {
    Rendered r = Kustomize.render("src/test/kustomize/workload-identity");
    JsonNode container = OverlaysTest.workload(r, workload).podSpec().path("containers").get(0);
    JsonNode monitor = r.get("PodMonitor", workload);
    List<JsonNode> aad = new ArrayList<>();
    monitor.path("spec").path("podMetricsEndpoints").forEach(aad::add);
    aad.removeIf(e -> !e.path("port").asText().equals("aad-metrics"));

    assertThat(aad).hasSize(1);
    assertThat(WorkloadHardeningTest.port(container, aad.get(0).path("port"))).isEqualTo(port);
  }

  @Test
  void theNamespaceVariableReadsAGaugeEveryNmiRegistersAtStart() throws IOException {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                Kustomize.moduleDir()
                    .resolve("components/monitoring/podidentity-dashboard.json")
                    .toFile());
    JsonNode namespace = null;
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("name").asText().equals("namespace")) {
        namespace = variable;
      }
    }

    assertThat(namespace).isNotNull();
    // Registered when the node is built (NmiNode), not on the first token request: a fresh
    // install's panels have a namespace to show.
    assertThat(namespace.path("query").asText())
        .isEqualTo("label_values(podidentity_nmi_view_age_seconds, namespace)");
  }

  @Test
  void theDashboardChartsEachServiceFromItsOwnMetrics() throws IOException {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                Kustomize.moduleDir()
                    .resolve("components/monitoring/podidentity-dashboard.json")
                    .toFile());
    List<String> metrics = new ArrayList<>();
    Pattern metric = Pattern.compile("\\b(podidentity_[a-z_]+)\\b");
    for (JsonNode expr : dashboard.findValues("expr")) {
      Matcher m = metric.matcher(expr.asText());
      assertThat(m.find()).as("panel query %s uses a podidentity metric", expr).isTrue();
      do {
        metrics.add(m.group(1));
      } while (m.find());
    }
    for (String service : List.of("watcher", "assigner", "nmi")) {
      assertThat(metrics).anyMatch(n -> n.startsWith("podidentity_" + service + "_"));
    }
    assertThat(metrics)
        .contains(
            "podidentity_assigner_pod_to_assigned_seconds_bucket",
            "podidentity_assigner_cloud_throttled_total",
            "podidentity_nmi_token_cache_hits_total",
            "podidentity_nmi_requests_total");
    JsonNode cm =
        Kustomize.render("src/test/kustomize/workload-identity")
            .get("ConfigMap", "podidentity-dashboard");
    assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    assertThat(
            new ObjectMapper()
                .readTree(cm.path("data").path("podidentity-dashboard.json").asText()))
        .isEqualTo(dashboard);
  }

  /** The fail-closed alerts read metrics the services document, at the NMI's bound (5 s). */
  @Test
  void theAlertsWatchTheNmisFailingClosedAndTheWatchersHeartbeat() throws IOException {
    JsonNode rule =
        Kustomize.render("src/test/kustomize/workload-identity")
            .get("PrometheusRule", "podidentity");
    Map<String, String> alerts = new java.util.TreeMap<>();
    for (JsonNode r : rule.path("spec").path("groups").get(0).path("rules")) {
      alerts.put(r.path("alert").asText(), r.path("expr").asText());
    }

    assertThat(alerts)
        .containsOnlyKeys("PodIdentityNmiFailingClosed", "PodIdentityWatcherHeartbeatStale");
    assertThat(alerts.get("PodIdentityNmiFailingClosed"))
        .contains("podidentity_nmi_view_age_seconds")
        .endsWith("> 5");
    assertThat(alerts.get("PodIdentityWatcherHeartbeatStale"))
        .contains("podidentity_watcher_heartbeat_timestamp_seconds) > 5");
    java.nio.file.Path repo = Kustomize.moduleDir().getParent();
    assertThat(java.nio.file.Files.readString(repo.resolve("nmi-gateway/README.md")))
        .contains("`podidentity_nmi_view_age_seconds`");
    assertThat(java.nio.file.Files.readString(repo.resolve("watcher-service/README.md")))
        .contains("`podidentity_watcher_heartbeat_timestamp_seconds`");
  }

  private static boolean matches(JsonNode selector, JsonNode template) {
    JsonNode labels = template.path("metadata").path("labels");
    var it = selector.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText())) {
        return false;
      }
    }
    return true;
  }
}
