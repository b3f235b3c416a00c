package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege: every permission any rendered binding grants is on this list, and nothing else.
 * A grant is "subject scope apiGroup/resource[/name] verb".
 */
class RbacTest {

  private static final String WATCHER = "pod-identity/podidentity-watcher";
  private static final String ASSIGNER = "pod-identity/podidentity-assigner";
  private static final String NMI = "pod-identity/podidentity-nmi";
  private static final List<String> CRDS =
      List.of(
          "azureidentities",
          "azureidentitybindings",
          "azurepodidentityexceptions",
          "azureassignedidentities");

  static Set<String> allowed() {
    Set<String> allowed = new HashSet<>();
    for (String verb : List.of("list", "watch")) {
      allowed.add(grant(WATCHER, "cluster", "", "pods", verb));
      allowed.add(grant(WATCHER, "cluster", "", "nodes", verb));
      for (String crd : CRDS) {
        allowed.add(grant(WATCHER, "cluster", "aadpodidentity.k8s.io", crd, verb));
      }
    }
    for (String verb : List.of("create", "patch")) {
      allowed.add(grant(WATCHER, "cluster", "", "events", verb));
      allowed.add(grant(ASSIGNER, "cluster", "", "events", verb));
    }
    // The assigner maps an adopted AzureAssignedIdentity's node to its scale set or VM.
    allowed.add(grant(ASSIGNER, "cluster", "", "nodes", "get"));
    allowed.add(grant(WATCHER, "pod-identity", "coordination.k8s.io", "leases", "create"));
    for (String verb : List.of("get", "update")) {
      allowed.add(
          grant(
              WATCHER, "pod-identity", "coordination.k8s.io", "leases/podidentity-watcher", verb));
    }
    for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete")) {
      allowed.add(
          grant(ASSIGNER, "cluster", "aadpodidentity.k8s.io", "azureassignedidentities", verb));
    }
    return allowed;
  }

  /** Only with components/service-principal. */
  private static final String NMI_SECRETS = grant(NMI, "cluster", "", "secrets", "get");

  /** Only with components/federated-identity: nothing narrower exists (see its manifest). */
  private static final String NMI_TOKENS =
      grant(NMI, "cluster", "", "serviceaccounts/token", "create");

  static String grant(String subject, String scope, String group, String resource, String verb) {
    return subject + " " + scope + " " + group + "/" + resource + " " + verb;
  }

  static Stream<Path> renders() {
    return Stream.concat(Kustomize.overlays().stream(), Kustomize.fixtures().stream());
  }

  @ParameterizedTest
  @MethodSource("renders")
  void grantsNothingBeyondTheListedPermissions(Path dir) {
    Rendered r = Kustomize.render(dir);
    Set<String> allowed = allowed();
    allowed.add(NMI_SECRETS);
    allowed.add(NMI_TOKENS);
    assertThat(grants(r)).as(r.name()).isSubsetOf(allowed);
  }

  @Test
  void theNmiReadsSecretsOnlyWhenServicePrincipalIdentitiesAreEnabled() {
    for (Path overlay : Kustomize.overlays()) {
      Rendered r = Kustomize.render(overlay);
      assertThat(grants(r)).as(r.name()).noneMatch(g -> g.startsWith(NMI));
      assertThat(automount(r, "podidentity-nmi")).as(r.name()).isFalse();
    }
    Rendered withSp = Kustomize.render("src/test/kustomize/workload-identity");
    assertThat(grants(withSp)).contains(NMI_SECRETS);
    assertThat(automount(withSp, "podidentity-nmi")).isTrue();
  }

  @Test
  void theNmiCreatesServiceAccountTokensOnlyWhenFederatedIdentitiesAreEnabled() {
    for (Path overlay : Kustomize.overlays()) {
      assertThat(grants(Kustomize.render(overlay))).doesNotContain(NMI_TOKENS);
    }
    Rendered withFederation = Kustomize.render("src/test/kustomize/workload-identity");
    assertThat(grants(withFederation))
        .filteredOn(g -> g.contains("serviceaccounts"))
        .containsExactly(NMI_TOKENS);
    JsonNode nmi =
        withFederation
            .get("DaemonSet", "podidentity-nmi")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0);
    assertThat(nmi.path("env").findValuesAsText("name")).contains("NMI_FEDERATION_ENABLED");
    assertThat(automount(withFederation, "podidentity-nmi")).isTrue();
  }

  @Test
  void theStandardModeGrantsExactlyWhatTheServicesNeed() {
    assertThat(grants(Kustomize.render("overlays/standard")))
        .containsExactlyInAnyOrderElementsOf(allowed());
  }

  @ParameterizedTest
  @MethodSource("renders")
  void noServiceAccountButTheNmiCanReadSecrets(Path dir) {
    assertThat(grants(Kustomize.render(dir)))
        .filteredOn(g -> g.contains("/secrets"))
        .allMatch(g -> g.startsWith(NMI));
  }

  @ParameterizedTest
  @MethodSource("renders")
  void bindingsNameOnlyTheProjectsServiceAccountsAndRolesThatExist(Path dir) {
    Rendered r = Kustomize.render(dir);
    for (String kind : List.of("RoleBinding", "ClusterRoleBinding")) {
      for (JsonNode b : r.ofKind(kind)) {
        String roleKind = b.path("roleRef").path("kind").asText();
        r.get(roleKind, b.path("roleRef").path("name").asText());
        for (JsonNode s : b.path("subjects")) {
          assertThat(s.path("kind").asText()).as(Rendered.nameOf(b)).isEqualTo("ServiceAccount");
          r.get("ServiceAccount", s.path("name").asText());
        }
      }
    }
    for (String kind : List.of("Role", "ClusterRole")) {
      for (JsonNode role : r.ofKind(kind)) {
        assertThat(role.has("aggregationRule")).as(Rendered.nameOf(role)).isFalse();
      }
    }
  }

  @Test
  void aWildcardOrAnUnlistedVerbWouldBeCaught() {
    JsonNode role =
        Kustomize.parse(
                """
                kind: ClusterRole
                metadata: {name: r}
                rules:
                  - apiGroups: [""]
                    resources: ["*"]
                    verbs: ["*"]
                """)
            .get(0);
    Set<String> expanded = new TreeSet<>();
    expand(WATCHER, "cluster", role, expanded);
    assertThat(expanded).isNotEmpty().noneMatch(allowed()::contains);
  }

  /** Every (subject, scope, group/resource[/name], verb) that the render's bindings grant. */
  static Set<String> grants(Rendered r) {
    Set<String> grants = new TreeSet<>();
    for (String kind : List.of("RoleBinding", "ClusterRoleBinding")) {
      for (JsonNode b : r.ofKind(kind)) {
        JsonNode role =
            r.get(b.path("roleRef").path("kind").asText(), b.path("roleRef").path("name").asText());
        String scope = "RoleBinding".equals(kind) ? Rendered.namespaceOf(b) : "cluster";
        for (JsonNode s : b.path("subjects")) {
          String subject = s.path("namespace").asText() + "/" + s.path("name").asText();
          expand(subject, scope, role, grants);
        }
      }
    }
    return grants;
  }

  private static void expand(String subject, String scope, JsonNode role, Set<String> out) {
    for (JsonNode rule : role.path("rules")) {
      if (rule.has("nonResourceURLs")) {
        out.add(subject + " " + scope + " nonResourceURLs " + rule.path("nonResourceURLs"));
      }
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          List<String> names = WorkloadHardeningTest.texts(rule.path("resourceNames"));
          for (JsonNode verb : rule.path("verbs")) {
            if (names.isEmpty()) {
              out.add(grant(subject, scope, group.asText(), resource.asText(), verb.asText()));
            }
            for (String name : names) {
              out.add(
                  grant(
                      subject,
                      scope,
                      group.asText(),
                      resource.asText() + "/" + name,
                      verb.asText()));
            }
          }
        }
      }
    }
  }

  private static boolean automount(Rendered r, String name) {
    JsonNode sa = r.get("ServiceAccount", name);
    JsonNode pod = r.get("DaemonSet", name).path("spec").path("template").path("spec");
    return pod.path("automountServiceAccountToken")
        .asBoolean(sa.path("automountServiceAccountToken").asBoolean(true));
  }
}
