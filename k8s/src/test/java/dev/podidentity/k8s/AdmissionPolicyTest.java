package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ValidatingAdmissionPolicies' CEL, evaluated for real (cel-java, with the strings extension
 * Kubernetes also enables) the way the API server does: variables in order, then each validation; a
 * false validation denies with its message.
 */
class AdmissionPolicyTest {

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .addVar("object", SimpleType.DYN)
          .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();

  static final String RESOURCE_ID =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg/providers/"
          + "Microsoft.ManagedIdentity/userAssignedIdentities/id1";

  static JsonNode policy(String name) {
    return Kustomize.render("overlays/standard").get("ValidatingAdmissionPolicy", name);
  }

  /** Empty when admitted, else the denial message. */
  static Optional<String> admit(JsonNode policy, JsonNode object) {
    Map<String, Object> vars = new LinkedHashMap<>();
    Object obj = toCel(object);
    for (JsonNode v : policy.path("spec").path("variables")) {
      vars.put(v.path("name").asText(), eval(v.path("expression").asText(), obj, vars));
    }
    for (JsonNode validation : policy.path("spec").path("validations")) {
      Object ok = eval(validation.path("expression").asText(), obj, vars);
      assertThat(ok).as(validation.path("expression").asText()).isInstanceOf(Boolean.class);
      if (!(Boolean) ok) {
        String message =
            validation.has("messageExpression")
                ? (String) eval(validation.path("messageExpression").asText(), obj, vars)
                : validation.path("message").asText();
        return Optional.of(message);
      }
    }
    return Optional.empty();
  }

  static Object eval(String expression, Object object, Map<String, Object> variables) {
    try {
      var ast = COMPILER.compile(expression).getAst();
      return RUNTIME.createProgram(ast).eval(Map.of("object", object, "variables", variables));
    } catch (Exception e) {
      throw new AssertionError("CEL failed: " + expression + ": " + e.getMessage(), e);
    }
  }

  /** JSON as the API server hands it to CEL: maps, lists, int64, double, string, bool. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    return node.asText();
  }

  static JsonNode yaml(String text) {
    return Kustomize.parse(text).get(0);
  }

  static JsonNode identity(String spec) {
    return yaml(
        "apiVersion: aadpodidentity.k8s.io/v1\nkind: AzureIdentity\nmetadata: {name: id1}\nspec:\n"
            + spec.indent(2));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "documented type 0 | 'type: 0\nresourceID: " + RESOURCE_ID + "\nclientID: c'",
        "upper-case ARM segments | 'type: 0\nresourceID: "
            + "/subscriptions/S/resourceGroups/RG/providers/microsoft.managedidentity/"
            + "USERASSIGNEDIDENTITIES/id1'",
        "service principal without resourceID | 'type: 1\nclientID: c\ntenantID: t'",
        "service principal with an odd resourceID | 'type: 1\nresourceID: whatever'",
        "managed mode with clientID only | 'type: 0\nclientID: c'",
        "capitalised and well-formed | 'Type: 0\nResourceID: " + RESOURCE_ID + "'",
        "empty resourceID is left to the assigner | 'type: 0\nresourceID: \"\"\nclientID: c'",
        "null resourceID is left to the assigner | 'Type: 0\nResourceID: null\nclientID: c'",
      })
  void admitsWellFormedIdentities(String name, String spec) {
    assertThat(admit(policy("podidentity-azureidentity-resourceid"), identity(spec))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not an ARM id | 'type: 0\nresourceID: RESOURCE_ID'",
        "no resource group, as in aad-pod-identity Gatekeeper e2e | 'type: 0\nresourceID: "
            + "/subscriptions/s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1'",
        "no leading slash | 'type: 0\nresourceID: "
            + "subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/"
            + "userAssignedIdentities/id1'",
        "another provider | 'type: 0\nresourceID: "
            + "/subscriptions/s/resourcegroups/rg/providers/Microsoft.Compute/virtualMachines/vm'",
        "trailing segment | 'type: 0\nresourceID: " + RESOURCE_ID + "/extra'",
        "missing type means 0 | 'resourceID: /subscriptions/s'",
        "capitalised field | 'type: 0\nResourceID: /subscriptions/s/rg'",
        "capitalised type | 'Type: 0\nresourceID: nope'",
        "not a string | 'Type: 0\nResourceId: 42'",
      })
  void rejectsType0IdentitiesWithAMalformedResourceId(String name, String spec) {
    assertThat(admit(policy("podidentity-azureidentity-resourceid"), identity(spec)))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("AzureIdentity id1: resourceID ")
                    .contains("is invalid")
                    .contains("Microsoft.ManagedIdentity/userAssignedIdentities"));
  }

  static JsonNode pod(String spec) {
    return yaml(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {aadpodidbinding: demo}\n"
            + "spec:\n"
            + spec.indent(2));
  }

  private static final String DROPS_NET_RAW =
      "containers:\n- name: app\n  securityContext: {capabilities: {drop: [NET_RAW]}}";

  @Test
  void admitsABoundPodThatDropsNetRaw() {
    JsonNode policy = policy("podidentity-bound-pod-hardening");
    assertThat(admit(policy, pod(DROPS_NET_RAW))).isEmpty();
    assertThat(
            admit(
                policy,
                pod(
                    "containers:\n- name: app\n  securityContext: {capabilities: {drop: [ALL]}}\n"
                        + "initContainers:\n- name: init\n  securityContext:\n"
                        + "    capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n"
                        + "hostNetwork: false")))
        .isEmpty();
  }

  @Test
  void rejectsABoundPodOnTheHostNetwork() {
    assertThat(
            admit(
                policy("podidentity-bound-pod-hardening"),
                pod("hostNetwork: true\n" + DROPS_NET_RAW)))
        .hasValueSatisfying(m -> assertThat(m).contains("hostNetwork"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no securityContext | app | 'containers:\n- name: app'",
        "drops something else | app | "
            + "'containers:\n- name: app\n  securityContext: {capabilities: {drop: [NET_ADMIN]}}'",
        "adds NET_RAW back | app | 'containers:\n- name: app\n  securityContext:\n"
            + "    capabilities: {drop: [ALL], add: [NET_RAW]}'",
        "privileged | app | 'containers:\n- name: app\n  securityContext:\n"
            + "    privileged: true\n    capabilities: {drop: [ALL]}'",
        "an init container keeps it | init | '"
            + DROPS_NET_RAW
            + "\ninitContainers:\n- name: init'",
        "an ephemeral container keeps it | debug | '"
            + DROPS_NET_RAW
            + "\nephemeralContainers:\n- name: debug'",
      })
  void rejectsABoundPodWithAContainerThatKeepsNetRaw(String name, String offender, String spec) {
    assertThat(admit(policy("podidentity-bound-pod-hardening"), pod(spec)))
        .hasValueSatisfying(
            m -> assertThat(m).startsWith("containers " + offender + " ").contains("NET_RAW"));
  }

  @Test
  void thePodPolicyLooksOnlyAtPodsWithTheBindingLabelOnCreateAndUpdate() {
    JsonNode match =
        policy("podidentity-bound-pod-hardening").path("spec").path("matchConstraints");
    JsonNode expression = match.path("objectSelector").path("matchExpressions").get(0);
    assertThat(expression.path("key").asText()).isEqualTo("aadpodidbinding");
    assertThat(expression.path("operator").asText()).isEqualTo("Exists");
    JsonNode rule = match.path("resourceRules").get(0);
    assertThat(WorkloadHardeningTest.texts(rule.path("operations")))
        .containsExactlyInAnyOrder("CREATE", "UPDATE");
    assertThat(WorkloadHardeningTest.texts(rule.path("resources")))
        .contains("pods", "pods/ephemeralcontainers");
  }

  /**
   * aad-pod-identity's own examples keep NET_RAW and carry placeholder resource ids, so by default
   * every policy only warns and audits; both still fail closed (a broken expression is not a pass).
   */
  @Test
  void everyPolicyWarnsAndAuditsByDefaultAndFailsClosed() {
    for (var overlay : Kustomize.overlays()) {
      Rendered r = Kustomize.render(overlay);
      List<JsonNode> policies = r.ofKind("ValidatingAdmissionPolicy");
      assertThat(policies).as(r.name()).hasSize(2);
      for (JsonNode p : policies) {
        assertThat(p.path("spec").path("failurePolicy").asText()).isEqualTo("Fail");
        JsonNode binding = r.get("ValidatingAdmissionPolicyBinding", Rendered.nameOf(p));
        assertThat(binding.path("spec").path("policyName").asText()).isEqualTo(Rendered.nameOf(p));
        assertThat(WorkloadHardeningTest.texts(binding.path("spec").path("validationActions")))
            .as("%s %s", r.name(), Rendered.nameOf(p))
            .containsExactly("Warn", "Audit");
      }
    }
  }

  @Test
  void thePoliciesEnforceComponentMakesEveryPolicyDeny() {
    Rendered r = Kustomize.render("src/test/kustomize/policies-enforce");
    List<JsonNode> bindings = r.ofKind("ValidatingAdmissionPolicyBinding");
    assertThat(bindings).hasSize(2);
    for (JsonNode binding : bindings) {
      assertThat(WorkloadHardeningTest.texts(binding.path("spec").path("validationActions")))
          .as(Rendered.nameOf(binding))
          .containsExactly("Deny");
    }
  }

  @Test
  void byDefaultAnOffenderIsAdmittedWithAWarningAndWithTheEnforceComponentItIsDenied() {
    JsonNode pod = pod("containers:\n- name: app");
    JsonNode identity = identity("type: 0\nresourceID: RESOURCE_ID");
    for (JsonNode object : List.of(pod, identity)) {
      Admission.Review byDefault =
          Admission.review(Kustomize.render("overlays/standard"), object, "CREATE");
      assertThat(byDefault.admitted()).isTrue();
      assertThat(byDefault.warnings()).hasSize(1);
      Admission.Review enforced =
          Admission.review(
              Kustomize.render("src/test/kustomize/policies-enforce"), object, "CREATE");
      assertThat(enforced.admitted()).isFalse();
      assertThat(enforced.denials()).isEqualTo(byDefault.warnings());
    }
  }

  @Test
  void aPodWithoutTheBindingLabelIsNotReviewed() {
    JsonNode unlabelled =
        yaml(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n"
                + "  containers:\n  - name: app");
    assertThat(
            Admission.review(
                    Kustomize.render("src/test/kustomize/policies-enforce"), unlabelled, "CREATE")
                .findings())
        .isEmpty();
  }

  @Test
  void ourOwnPodsCarryNoBindingLabelSoThePodPolicyNeverBlocksTheNmi() {
    for (Rendered.Workload w : Kustomize.render("overlays/standard").workloads()) {
      assertThat(
              w.object()
                  .path("spec")
                  .path("template")
                  .path("metadata")
                  .path("labels")
                  .has("aadpodidbinding"))
          .as(w.toString())
          .isFalse();
    }
  }
}
