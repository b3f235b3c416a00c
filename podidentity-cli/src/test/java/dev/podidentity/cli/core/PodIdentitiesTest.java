package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodIdentitiesTest {
  @Test
  void theBindingIsNamedAfterTheIdentityAndSelectsItsNameByDefault() {
    Map<String, Object> b = PodIdentities.binding("demo", "apps", null);

    assertThat(b.get("metadata")).isEqualTo(Map.of("name", "demo-binding", "namespace", "apps"));
    assertThat(b.get("spec")).isEqualTo(Map.of("azureIdentity", "demo", "selector", "demo"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "app=x | {app=x}",
        "app=x,tier=web | {app=x, tier=web}",
        "app=x tier=web | {app=x, tier=web}",
        "kubernetes.azure.com/managedby=aks | {kubernetes.azure.com/managedby=aks}",
        "empty= | {empty=}",
      })
  void podLabelsReadAsAzAndKubectlWriteThem(String arg, String expected) {
    assertThat(PodIdentities.labels(List.of(arg)).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"novalue", "=x"})
  void aLabelWithoutKeyOrEqualsIsRefusedWithTheFlagsName(String arg) {
    assertThatThrownBy(() -> PodIdentities.labels(List.of(arg)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--pod-labels");
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource({
    "Demo, apps, --name",
    "demo, Apps!, --namespace",
  })
  void namesMustBeKubernetesNames(String name, String namespace, String flag) {
    assertThatThrownBy(
            () ->
                PodIdentities.identity(
                    name,
                    namespace,
                    "/subscriptions/s/resourcegroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x",
                    "66666666-7777-8888-9999-000000000000"))
        .hasMessageContaining(flag);
  }

  @Test
  void aFederatedIdentityIsAnnotatedAndNamesItsTenant() {
    Map<String, Object> plain =
        PodIdentities.identity(
            "demo",
            "apps",
            "/subscriptions/s/resourcegroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x",
            "66666666-7777-8888-9999-000000000000");

    Map<String, Object> federated = PodIdentities.federated(plain, "tenant-1");

    assertThat(federated.get("metadata"))
        .isEqualTo(
            Map.of(
                "name",
                "demo",
                "namespace",
                "apps",
                "annotations",
                Map.of("podidentity.k8s.io/federated", "true")));
    assertThat(federated.get("spec").toString()).contains("tenantID=tenant-1");
    assertThat(plain.get("spec").toString()).doesNotContain("tenantID");
  }

  @Test
  void aTableIsPaddedLikeKubectls() {
    Table t = new Table("NAME", "SELECTORS").row("demo", "").row("a-longer-name", "x");

    assertThat(t.lines())
        .containsExactly(
            "NAME            SELECTORS", "demo            <none>", "a-longer-name   x");
  }
}
