package dev.podidentity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long rendering an overlay and evaluating the admission policies take. Not a test: it prints
 * numbers. Run: {@code mvn -B -ntp -pl k8s verify -Dbenchmark=true -Dtest=RenderBenchmark}.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class RenderBenchmark {
  private static final int RENDERS = 10;
  private static final int EVALUATIONS = 20_000;

  @Test
  void renderEveryOverlay() {
    for (Path dir : Kustomize.everything()) {
      long[] nanos = new long[RENDERS];
      int objects = 0;
      for (int i = 0; i < RENDERS; i++) {
        long start = System.nanoTime();
        objects = Kustomize.renderUncached(dir).objects().size();
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "render %-40s objects=%3d median=%6.1f ms max=%6.1f ms (n=%d)%n",
          Kustomize.moduleDir().relativize(dir),
          objects,
          nanos[RENDERS / 2] / 1e6,
          nanos[RENDERS - 1] / 1e6,
          RENDERS);
    }
  }

  @Test
  void evaluateTheAdmissionPolicies() {
    JsonNode podPolicy = AdmissionPolicyTest.policy("podidentity-bound-pod-hardening");
    JsonNode pod =
        AdmissionPolicyTest.pod(
            "containers:\n- name: a\n  securityContext: {capabilities: {drop: [ALL]}}\n"
                + "- name: b\n  securityContext: {capabilities: {drop: [NET_RAW]}}\n"
                + "initContainers:\n- name: init\n  securityContext: {capabilities: {drop: [ALL]}}");
    JsonNode idPolicy = AdmissionPolicyTest.policy("podidentity-azureidentity-resourceid");
    JsonNode identity =
        AdmissionPolicyTest.identity("type: 0\nresourceID: " + AdmissionPolicyTest.RESOURCE_ID);
    measure("bound-pod-hardening (3 containers)", podPolicy, pod);
    measure("azureidentity-resourceid", idPolicy, identity);
  }

  private static void measure(String name, JsonNode policy, JsonNode object) {
    for (int i = 0; i < EVALUATIONS / 10; i++) {
      AdmissionPolicyTest.admit(policy, object); // warm-up
    }
    long start = System.nanoTime();
    for (int i = 0; i < EVALUATIONS; i++) {
      AdmissionPolicyTest.admit(policy, object);
    }
    double micros = (System.nanoTime() - start) / 1e3 / EVALUATIONS;
    System.out.printf(
        "cel %-36s %8.1f us per admission (compile + evaluate, cel-java; n=%d)%n",
        name, micros, EVALUATIONS);
  }
}
