package dev.podidentity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server does with an object under the ValidatingAdmissionPolicies a kustomization
 * renders: which policies match it (resource rules and object selector), what each one's CEL says
 * ({@link AdmissionPolicyTest#admit}), and what the binding's {@code validationActions} make of a
 * failure: a denial with {@code Deny}, a warning with {@code Warn} (and an audit annotation).
 */
final class Admission {
  private Admission() {}

  /** A failed validation of one policy, and whether its binding denies or only warns. */
  record Finding(String policy, String message, boolean denies) {}

  record Review(List<Finding> findings) {
    boolean admitted() {
      return findings.stream().noneMatch(Finding::denies);
    }

    List<String> warnings() {
      return findings.stream().filter(f -> !f.denies()).map(Finding::message).toList();
    }

    List<String> denials() {
      return findings.stream().filter(Finding::denies).map(Finding::message).toList();
    }
  }

  /** The resource (plural, with subresource) a request for this object is about. */
  private static final Map<String, String> RESOURCES =
      Map.of(
          "Pod", "pods",
          "AzureIdentity", "azureidentities",
          "AzureIdentityBinding", "azureidentitybindings",
          "AzureAssignedIdentity", "azureassignedidentities",
          "AzurePodIdentityException", "azurepodidentityexceptions");

  /** Reviews a CREATE or UPDATE of {@code object} against every policy {@code r} renders. */
  static Review review(Rendered r, JsonNode object, String operation) {
    return review(r, object, operation, resourceOf(object));
  }

  static Review review(Rendered r, JsonNode object, String operation, String resource) {
    List<Finding> findings = new ArrayList<>();
    for (JsonNode policy : r.ofKind("ValidatingAdmissionPolicy")) {
      if (!matches(policy, object, operation, resource)) {
        continue;
      }
      String name = Rendered.nameOf(policy);
      List<String> actions = new ArrayList<>();
      for (JsonNode binding : r.ofKind("ValidatingAdmissionPolicyBinding")) {
        if (name.equals(binding.path("spec").path("policyName").asText())) {
          binding.path("spec").path("validationActions").forEach(a -> actions.add(a.asText()));
        }
      }
      if (actions.isEmpty()) {
        continue; // an unbound policy does nothing
      }
      Optional<String> failure = AdmissionPolicyTest.admit(policy, object);
      failure.ifPresent(m -> findings.add(new Finding(name, m, actions.contains("Deny"))));
    }
    return new Review(findings);
  }

  static String resourceOf(JsonNode object) {
    String kind = object.path("kind").asText();
    String resource = RESOURCES.get(kind);
    if (resource == null) {
      throw new IllegalArgumentException("no admission request is modelled for kind " + kind);
    }
    return resource;
  }

  static boolean matches(JsonNode policy, JsonNode object, String operation, String resource) {
    JsonNode constraints = policy.path("spec").path("matchConstraints");
    String apiVersion = object.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    boolean ruleMatches = false;
    for (JsonNode rule : constraints.path("resourceRules")) {
      ruleMatches |=
          contains(rule.path("apiGroups"), group)
              && contains(rule.path("operations"), operation)
              && contains(rule.path("resources"), resource);
    }
    return ruleMatches && selects(constraints.path("objectSelector"), object);
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode v : list) {
      if (v.asText().equals(value) || v.asText().equals("*")) {
        return true;
      }
    }
    return false;
  }

  /** matchLabels and the Exists / DoesNotExist / In / NotIn expressions of a label selector. */
  private static boolean selects(JsonNode selector, JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    var fields = selector.path("matchLabels").fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (expression.path("operator").asText()) {
            case "Exists" -> labels.has(key);
            case "DoesNotExist" -> !labels.has(key);
            case "In" -> labels.has(key) && values.contains(labels.path(key).asText());
            case "NotIn" -> !labels.has(key) || !values.contains(labels.path(key).asText());
            default -> throw new IllegalArgumentException("operator " + expression);
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
