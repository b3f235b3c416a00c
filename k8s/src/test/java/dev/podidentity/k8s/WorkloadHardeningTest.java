package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every container that any overlay renders: resources, probes, a pinned image, and the hardened
 * security context; the NMI's node-level settings.
 */
class WorkloadHardeningTest {

  /**
   * Containers that run as root, and why. Only the NMI: iptables needs uid 0 (file capabilities
   * would need allowPrivilegeEscalation, which is worse).
   */
  private static final Set<String> ROOT_ALLOWED = Set.of("DaemonSet/podidentity-nmi/nmi");

  private static final Set<String> NMI_CAPABILITIES = Set.of("NET_ADMIN", "NET_RAW");

  /**
   * [registry[:port]/]path[:tag][@sha256:digest] with a tag other than latest, a digest, or both.
   */
  private static final Pattern PINNED =
      Pattern.compile(
          "^(?:[^/]+/)*[^/:@]+"
              + "(?:(?::(?!latest(?:@|$))\\w[\\w.-]{0,127})(?:@sha256:[a-f0-9]{64})?"
              + "|@sha256:[a-f0-9]{64})$");

  static Stream<Path> renders() {
    return Stream.concat(Kustomize.overlays().stream(), Kustomize.fixtures().stream());
  }

  record Container(Rendered render, Rendered.Workload workload, JsonNode spec, boolean init) {
    String id() {
      return workload + "/" + spec.path("name").asText();
    }

    @Override
    public String toString() {
      return render.name() + ": " + id();
    }
  }

  static List<Container> containers(Path dir) {
    Rendered r = Kustomize.render(dir);
    List<Container> all = new ArrayList<>();
    for (Rendered.Workload w : r.workloads()) {
      w.podSpec().path("initContainers").forEach(c -> all.add(new Container(r, w, c, true)));
      w.podSpec().path("containers").forEach(c -> all.add(new Container(r, w, c, false)));
    }
    return all;
  }

  @ParameterizedTest
  @MethodSource("renders")
  void everyContainerHasRequestsAndLimitsForCpuAndMemory(Path dir) {
    for (Container c : containers(dir)) {
      JsonNode resources = c.spec().path("resources");
      for (String kind : List.of("requests", "limits")) {
        for (String resource : List.of("cpu", "memory")) {
          assertThat(resources.path(kind).path(resource).asText())
              .as("%s %s.%s", c, kind, resource)
              .isNotBlank();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("renders")
  void everyLongRunningContainerHasLivenessReadinessAndStartupProbes(Path dir) {
    for (Container c : containers(dir)) {
      if (c.workload().runsToCompletion() || c.init()) {
        continue; // a run-to-completion container has nothing to probe; Kubernetes has no probe
      }
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        assertThat(c.spec().has(probe)).as("%s has a %s", c, probe).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("renders")
  void everyImageIsPinnedToATagOrDigestNeverLatest(Path dir) {
    for (Container c : containers(dir)) {
      String image = c.spec().path("image").asText();
      assertThat(image).as("%s image", c).matches(PINNED);
    }
  }

  @Test
  void pinnedImagePatternRejectsLatestAndUntaggedImages() {
    assertThat("podidentity/nmi-gateway:0.1.0").matches(PINNED);
    assertThat("podidentity/nmi-gateway:0.1.0@sha256:" + "a".repeat(64)).matches(PINNED);
    assertThat("podidentity/nmi-gateway:latest").doesNotMatch(PINNED);
    assertThat("podidentity/nmi-gateway:latest@sha256:" + "a".repeat(64)).doesNotMatch(PINNED);
    assertThat("podidentity/nmi-gateway").doesNotMatch(PINNED);
    assertThat("registry.local:5000/podidentity/nmi-gateway").doesNotMatch(PINNED);
    assertThat("registry.local:5000/podidentity/nmi-gateway:0.1.0").matches(PINNED);
  }

  @ParameterizedTest
  @MethodSource("renders")
  void everyContainerIsHardenedAndRunsAsNonRootUnlessItMustNot(Path dir) {
    for (Container c : containers(dir)) {
      JsonNode pod = c.workload().podSpec().path("securityContext");
      JsonNode sc = c.spec().path("securityContext");
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true))
          .as("%s allowPrivilegeEscalation", c)
          .isFalse();
      assertThat(sc.path("privileged").asBoolean(false)).as("%s privileged", c).isFalse();
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false))
          .as("%s readOnlyRootFilesystem", c)
          .isTrue();
      assertThat(texts(sc.path("capabilities").path("drop"))).as("%s drops", c).contains("ALL");
      String seccomp =
          sc.path("seccompProfile")
              .path("type")
              .asText(pod.path("seccompProfile").path("type").asText(""));
      assertThat(seccomp).as("%s seccomp profile", c).isEqualTo("RuntimeDefault");

      boolean nonRoot = sc.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean());
      long uid = sc.path("runAsUser").asLong(pod.path("runAsUser").asLong(-1));
      List<String> added = texts(sc.path("capabilities").path("add"));
      if (ROOT_ALLOWED.contains(c.id())) {
        assertThat(NMI_CAPABILITIES).as("%s adds only what iptables needs", c).containsAll(added);
      } else {
        assertThat(nonRoot).as("%s runAsNonRoot", c).isTrue();
        assertThat(uid).as("%s runAsUser", c).isPositive();
        assertThat(added).as("%s adds capabilities", c).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("renders")
  void onlyTheNmiUsesTheHostNetwork(Path dir) {
    for (Rendered.Workload w : Kustomize.render(dir).workloads()) {
      boolean host = w.podSpec().path("hostNetwork").asBoolean(false);
      assertThat(host).as("%s hostNetwork", w).isEqualTo(w.name().equals("podidentity-nmi"));
      assertThat(w.podSpec().path("hostPID").asBoolean(false)).as("%s hostPID", w).isFalse();
      assertThat(w.podSpec().path("hostIPC").asBoolean(false)).as("%s hostIPC", w).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("renders")
  void theNmiRunsOnEveryNodeWithTheHostSettingsItNeeds(Path dir) {
    Rendered r = Kustomize.render(dir);
    JsonNode ds = r.get("DaemonSet", "podidentity-nmi");
    JsonNode pod = ds.path("spec").path("template").path("spec");
    assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
    assertThat(pod.path("dnsPolicy").asText()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(pod.path("priorityClassName").asText()).isEqualTo("system-node-critical");
    assertThat(pod.path("tolerations"))
        .anySatisfy(t -> assertThat(t.path("operator").asText()).isEqualTo("Exists"));
    JsonNode nmi = pod.path("containers").get(0);
    assertThat(texts(nmi.path("securityContext").path("capabilities").path("add")))
        .contains("NET_ADMIN");
    JsonNode nodeName = env(nmi, "NODE_NAME");
    assertThat(nodeName.path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("spec.nodeName");
    assertThat(env(nmi, "NMI_IPTABLES_ENABLED").path("value").asText()).isEqualTo("true");
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertThat(port(nmi, nmi.path(probe).path("httpGet").path("port")))
          .as("%s port", probe)
          .isEqualTo(8085);
    }
  }

  @ParameterizedTest
  @MethodSource("renders")
  void theServicesProbeTheirOwnQuarkusHealthEndpoints(Path dir) {
    Rendered r = Kustomize.render(dir);
    for (Rendered.Workload w : r.workloads()) {
      if (w.runsToCompletion()) {
        continue;
      }
      JsonNode c = w.podSpec().path("containers").get(0);
      assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/q/health/live");
      assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/q/health/ready");
    }
  }

  @Test
  void watcherRunsTwoReplicasAndAssignerIsCoveredByADisruptionBudget() {
    Rendered r = Kustomize.render("overlays/standard");
    assertThat(r.get("Deployment", "podidentity-watcher").path("spec").path("replicas").asInt())
        .isEqualTo(2);
    for (String name : List.of("podidentity-assigner", "podidentity-watcher")) {
      JsonNode selector =
          r.get("PodDisruptionBudget", name).path("spec").path("selector").path("matchLabels");
      JsonNode labels =
          r.get("Deployment", name).path("spec").path("template").path("metadata").path("labels");
      selector
          .fields()
          .forEachRemaining(
              e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
      assertThat(r.get("Deployment", name).path("spec").path("replicas").asInt())
          .as("a budget on one replica blocks every drain")
          .isGreaterThan(1);
    }
  }

  /**
   * Two host files only: the NMI's xtables lock, and the node's cloud provider config, read-only
   * and only by the assigner (its kubelet identity, as aad-pod-identity's controller read it).
   */
  @ParameterizedTest
  @MethodSource("renders")
  void theOnlyHostPathsAreTheXtablesLockAndTheReadOnlyCloudConfig(Path dir) {
    for (Rendered.Workload w : Kustomize.render(dir).workloads()) {
      for (JsonNode v : w.podSpec().path("volumes")) {
        if (!v.has("hostPath")) {
          continue;
        }
        String path = v.path("hostPath").path("path").asText();
        if (w.name().equals("podidentity-assigner")) {
          assertThat(path).isEqualTo("/etc/kubernetes/azure.json");
          assertThat(v.path("hostPath").path("type").asText()).isEqualTo("File");
          for (JsonNode c : w.podSpec().path("containers")) {
            for (JsonNode m : c.path("volumeMounts")) {
              if (m.path("name").asText().equals(v.path("name").asText())) {
                assertThat(m.path("readOnly").asBoolean()).as("read-only mount").isTrue();
              }
            }
          }
        } else {
          assertThat(w.name()).isEqualTo("podidentity-nmi");
          assertThat(path).isEqualTo("/run/xtables.lock");
        }
      }
    }
  }

  static int port(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode p : container.path("ports")) {
      if (port.asText().equals(p.path("name").asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no port named " + port.asText());
  }

  static JsonNode env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    throw new AssertionError(container.path("name").asText() + " has no env " + name);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
