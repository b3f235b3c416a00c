package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders, and each mode deploys what it says. */
class OverlaysTest {

  static Stream<Path> everything() {
    return Kustomize.everything().stream();
  }

  @Test
  void theThreeModesExist() {
    assertThat(Kustomize.overlays().stream().map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("standard", "managed", "namespaced");
  }

  @ParameterizedTest
  @MethodSource("everything")
  void rendersObjectsThatAreWellFormedAndUnique(Path dir) {
    Rendered r = Kustomize.render(dir);
    assertThat(r.objects()).as(r.name()).isNotEmpty();
    Set<String> ids = new HashSet<>();
    for (JsonNode o : r.objects()) {
      assertThat(o.path("apiVersion").asText()).as("apiVersion in " + r.name()).isNotBlank();
      assertThat(o.path("kind").asText()).as("kind in " + r.name()).isNotBlank();
      assertThat(Rendered.nameOf(o)).as("name in " + r.name()).isNotBlank();
      String id =
          o.path("kind").asText() + "/" + Rendered.namespaceOf(o) + "/" + Rendered.nameOf(o);
      assertThat(ids.add(id)).as("%s renders %s twice", r.name(), id).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("everything")
  void everyConfigMapAndSecretKeyReferenceResolves(Path dir) {
    Rendered r = Kustomize.render(dir);
    for (Rendered.Workload w : r.workloads()) {
      for (JsonNode c : w.containers()) {
        for (JsonNode env : c.path("env")) {
          JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
          if (!ref.isMissingNode()) {
            JsonNode cm = r.get("ConfigMap", ref.path("name").asText());
            assertThat(cm.path("data").has(ref.path("key").asText()))
                .as("%s %s: env %s reads a missing key", r.name(), w, env.path("name").asText())
                .isTrue();
          }
        }
      }
      for (JsonNode volume : w.podSpec().path("volumes")) {
        JsonNode cm = volume.path("configMap");
        if (!cm.isMissingNode()) {
          r.get("ConfigMap", cm.path("name").asText());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlaysOnly")
  void everyNamespacedObjectLivesInTheProjectNamespace(Path dir) {
    Rendered r = Kustomize.render(dir);
    Set<String> clusterScoped =
        Set.of(
            "Namespace",
            "CustomResourceDefinition",
            "ClusterRole",
            "ClusterRoleBinding",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding");
    for (JsonNode o : r.objects()) {
      String kind = o.path("kind").asText();
      String expected = clusterScoped.contains(kind) ? "" : "pod-identity";
      assertThat(Rendered.namespaceOf(o)).as("%s %s", kind, Rendered.nameOf(o)).isEqualTo(expected);
    }
  }

  static Stream<Path> overlaysOnly() {
    return Stream.concat(Kustomize.overlays().stream(), Kustomize.fixtures().stream());
  }

  @Test
  void standardModeRunsWatcherAssignerAndNmiAcrossNamespaces() {
    Rendered r = Kustomize.render("overlays/standard");
    assertThat(workloadNames(r))
        .containsExactlyInAnyOrder(
            "podidentity-watcher", "podidentity-assigner", "podidentity-nmi");
    assertThat(r.setting("ASSIGNER_NAMESPACED")).isEqualTo("false");
    assertThat(r.setting("NMI_NAMESPACED")).isEqualTo("false");
    assertThat(r.setting("NMI_MANAGED")).isEqualTo("false");
  }

  @Test
  void namespacedModeTellsBothAssignerAndNmi() {
    Rendered r = Kustomize.render("overlays/namespaced");
    assertThat(workloadNames(r))
        .containsExactlyInAnyOrder(
            "podidentity-watcher", "podidentity-assigner", "podidentity-nmi");
    assertThat(r.setting("ASSIGNER_NAMESPACED")).isEqualTo("true");
    assertThat(r.setting("NMI_NAMESPACED")).isEqualTo("true");
  }

  @Test
  void managedModeHasNoAssignerAndNothingThatExistsOnlyForIt() {
    Rendered r = Kustomize.render("overlays/managed");
    assertThat(workloadNames(r))
        .containsExactlyInAnyOrder("podidentity-watcher", "podidentity-nmi");
    assertThat(r.objects())
        .noneMatch(o -> Rendered.nameOf(o).contains("assigner"))
        .as("no assigner ServiceAccount, RBAC, PDB or IMDS exception");
    assertThat(r.setting("NMI_MANAGED")).isEqualTo("true");
    assertThat(r.setting("NMI_NAMESPACED")).isEqualTo("true");
  }

  @Test
  void theSettingsLiveInOneConfigMapThatEveryServiceReads() {
    Rendered r = Kustomize.render("overlays/standard");
    assertThat(r.setting("KAFKA_BOOTSTRAP_SERVERS")).isNotBlank();
    assertThat(r.ofKind("ConfigMap").stream().map(Rendered::nameOf))
        .singleElement()
        .satisfies(n -> assertThat(n).startsWith("podidentity-settings-"));
    for (Rendered.Workload w : r.workloads()) {
      assertThat(envNames(w)).as(w.toString()).contains("KAFKA_BOOTSTRAP_SERVERS");
    }
    Rendered.Workload assigner = workload(r, "podidentity-assigner");
    assertThat(envNames(assigner))
        .contains(
            "ASSIGNER_CLUSTER_IDENTITY",
            "ASSIGNER_IMMUTABLE_IDENTITIES",
            "ASSIGNER_CLOUD_CREDENTIAL",
            "ASSIGNER_CLOUD_CLIENT_ID",
            "ASSIGNER_CLOUD_TENANT_ID");
  }

  @Test
  void managedIdentityCredentialIsExemptedFromTheNmiOnlyForTheAssigner() {
    Rendered r = Kustomize.render("overlays/standard");
    assertThat(r.setting("ASSIGNER_CLOUD_CREDENTIAL")).isEqualTo("managed-identity");
    JsonNode exception = r.get("AzurePodIdentityException", "podidentity-assigner");
    JsonNode assignerLabels =
        workload(r, "podidentity-assigner").object().path("spec").path("template");
    exception
        .path("spec")
        .path("podLabels")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(assignerLabels.path("metadata").path("labels").path(e.getKey()).asText())
                    .isEqualTo(e.getValue().asText()));
  }

  @Test
  void workloadIdentityAnnotatesTheServiceAccountFromTheOneSetting() {
    Rendered r = Kustomize.render("src/test/kustomize/workload-identity");
    assertThat(r.setting("ASSIGNER_CLOUD_CREDENTIAL")).isEqualTo("workload-identity");
    assertThat(
            r.get("ServiceAccount", "podidentity-assigner")
                .path("metadata")
                .path("annotations")
                .has("azure.workload.identity/client-id"))
        .isTrue();
    assertThat(r.find("AzurePodIdentityException", "podidentity-assigner")).isEmpty();
  }

  @Test
  void clientSecretCredentialComesFromASecretNotTheConfigMap() {
    Rendered r = Kustomize.render("src/test/kustomize/client-secret");
    assertThat(r.setting("ASSIGNER_CLOUD_CREDENTIAL")).isEqualTo("client-secret");
    JsonNode secretEnv =
        env(workload(r, "podidentity-assigner"), "ASSIGNER_CLOUD_CLIENT_SECRET")
            .path("valueFrom")
            .path("secretKeyRef");
    assertThat(secretEnv.path("name").asText()).isEqualTo("podidentity-assigner-credential");
  }

  static List<String> workloadNames(Rendered r) {
    return r.workloads().stream().map(Rendered.Workload::name).toList();
  }

  static Rendered.Workload workload(Rendered r, String name) {
    return r.workloads().stream()
        .filter(w -> w.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(r.name() + " has no workload " + name));
  }

  static List<String> envNames(Rendered.Workload w) {
    return w.podSpec().path("containers").get(0).findValues("env").stream()
        .flatMap(e -> java.util.stream.StreamSupport.stream(e.spliterator(), false))
        .map(e -> e.path("name").asText())
        .toList();
  }

  static JsonNode env(Rendered.Workload w, String name) {
    for (JsonNode e : w.podSpec().path("containers").get(0).path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    throw new AssertionError(w + " has no env " + name);
  }
}
