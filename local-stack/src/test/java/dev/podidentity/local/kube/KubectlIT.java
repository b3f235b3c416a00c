package dev.podidentity.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.RepoRoot;
import dev.podidentity.testsupport.tools.Kubectl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl} against the local stack's Kubernetes API: what a newcomer types after
 * {@code bin/podidentity-local --keep-running}. Skipped, with the reason, where kubectl is missing.
 */
class KubectlIT {
  private static final Path REPO = RepoRoot.find().orElseThrow();
  private static final Path SHAPES = REPO.resolve("k8s/src/test/resources/aad-shapes");
  private static MockApiServer.Running api;

  @BeforeAll
  static void start() throws Exception {
    Kubectl.assumeAvailable();
    api = MockApiServer.start(0, MockApiServer.crds(REPO.resolve("k8s/crds")));
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static Kubectl.Result kubectl(String... args) {
    List<String> all = new ArrayList<>(List.of("--server", api.url()));
    all.addAll(List.of(args));
    return Kubectl.run(all, Map.of());
  }

  private static Kubectl.Result ok(String... args) {
    Kubectl.Result r = kubectl(args);
    assertThat(r.exit()).as("kubectl %s: %s", List.of(args), r.both()).isZero();
    return r;
  }

  @Test
  void discoveryNamesTheCoreKindsAndTheAadCrds() {
    String resources = ok("api-resources", "-o", "name").stdout();

    assertThat(resources.lines())
        .contains(
            "pods",
            "nodes",
            "azureidentities.aadpodidentity.k8s.io",
            "azureidentitybindings.aadpodidentity.k8s.io",
            "azurepodidentityexceptions.aadpodidentity.k8s.io",
            "azureassignedidentities.aadpodidentity.k8s.io");
    assertThat(ok("get", "pods").both()).contains("No resources found");
  }

  @Test
  void appliesTheWalkthroughsIdentityAndBindingAsAadUsersWroteThem() {
    String identity = SHAPES.resolve("azureidentity-type0-walkthrough.yaml").toString();
    String binding = SHAPES.resolve("azureidentitybinding-demo.yaml").toString();

    assertThat(ok("apply", "-f", identity, "-f", binding).stdout())
        .contains("azureidentity.aadpodidentity.k8s.io/walkthrough-identity created")
        .contains("azureidentitybinding.aadpodidentity.k8s.io/demo-azure-id-binding created");
    assertThat(ok("apply", "-f", identity).stdout()).contains("unchanged");
    assertThat(
            ok("get", "azureidentity", "walkthrough-identity", "-o", "jsonpath={.spec.clientID}")
                .stdout())
        .isEqualTo("66666666-7777-8888-9999-000000000000");

    ok("delete", "-f", binding);
    assertThat(kubectl("get", "azureidentitybinding", "demo-azure-id-binding").both())
        .contains("NotFound");
  }

  @Test
  void patchesAPodsStatusThroughItsSubresourceAndSelectsByLabel() {
    ok("apply", "-f", SHAPES.resolve("pod-walkthrough-demo.yaml").toString());

    ok(
        "patch",
        "pod",
        "demo",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.240.0.7\"}}");

    assertThat(
            ok("get", "pods", "-l", "aadpodidbinding=walkthrough-identity", "-o", "name").stdout())
        .isEqualTo("pod/demo\n");
    assertThat(ok("get", "pods", "-l", "aadpodidbinding=other", "-o", "name").stdout()).isEmpty();
    assertThat(ok("get", "pod", "demo", "-o", "jsonpath={.status.phase} {.status.podIP}").stdout())
        .isEqualTo("Running 10.240.0.7");
    ok("delete", "pod", "demo");
  }

  @Test
  void refusesAStatusSubresourceTheCrdDoesNotDeclareAsARealApiServerDoes() {
    ok("apply", "-f", SHAPES.resolve("azureassignedidentity-mic.yaml").toString());

    Kubectl.Result r =
        kubectl(
            "patch",
            "azureassignedidentity",
            "demo-7d9f8b6c5-x2x4z-default-sp-certificate",
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"status\":\"Assigned\"}}");

    assertThat(r.exit()).isNotZero();
    assertThat(r.both()).contains("could not find the requested resource");
  }

  @Test
  void watchesOverHttpSeeWhatHappensAfterTheyStartAndNothingFromBefore(@TempDir Path dir)
      throws Exception {
    ok("apply", "-f", exception(dir, "before-the-watch"));
    Process watch =
        new ProcessBuilder(
                "kubectl",
                "--server",
                api.url(),
                "-n",
                "kube-system",
                "get",
                "azurepodidentityexceptions",
                "--watch-only",
                "-o",
                "name")
            .redirectErrorStream(true)
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> readLines(watch, lines));
    reader.setDaemon(true);
    reader.start();
    try {
      String after = exception(dir, "after-the-watch");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                // Changed until the watch is open: the first change may come before it.
                kubectl("apply", "-f", after);
                kubectl("label", "-f", after, "--overwrite", "round=" + System.nanoTime());
                assertThat(lines)
                    .contains("azurepodidentityexception.aadpodidentity.k8s.io/after-the-watch");
              });
      assertThat(lines).noneMatch(l -> l.contains("before-the-watch"));
    } finally {
      watch.destroy();
      reader.join(Duration.ofSeconds(5).toMillis());
    }
  }

  @Test
  void createsATokenBoundToAPodAndRefusesOneForAnotherAccount(@TempDir Path dir) throws Exception {
    ok("create", "serviceaccount", "app", "-n", "tokens");
    Path pod = dir.resolve("pod.yaml");
    Files.writeString(
        pod,
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
          namespace: tokens
        spec:
          serviceAccountName: app
          containers:
            - name: app
              image: mcr.microsoft.com/azure-cli
        """);
    ok("apply", "-f", pod.toString());
    String uid = ok("get", "pod", "app", "-n", "tokens", "-o", "jsonpath={.metadata.uid}").stdout();
    List<String> bound =
        List.of(
            "--audience",
            "api://AzureADTokenExchange",
            "--bound-object-kind",
            "Pod",
            "--bound-object-name",
            "app",
            "--bound-object-uid",
            uid);

    List<String> create = new ArrayList<>(List.of("create", "token", "app", "-n", "tokens"));
    create.addAll(bound);
    String token = ok(create.toArray(String[]::new)).stdout().trim();

    var claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:tokens:app");
    assertThat(claims.getAudience()).containsExactly("api://AzureADTokenExchange");
    assertThat(claims.getIssuer()).isEqualTo(api.serviceAccountIssuer());
    assertThat(claims.getJSONObjectClaim("kubernetes.io").get("pod"))
        .isEqualTo(Map.of("name", "app", "uid", uid));
    List<String> other = new ArrayList<>(List.of("create", "token", "default", "-n", "tokens"));
    other.addAll(bound);
    Kubectl.Result refused = kubectl(other.toArray(String[]::new));
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.both()).contains("pod running with different serviceaccount name");
  }

  /** An exception in kube-system, written as aad's AKS add-on ships one. */
  private static String exception(Path dir, String name) throws java.io.IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: aadpodidentity.k8s.io/v1
        kind: AzurePodIdentityException
        metadata:
          name: %s
          namespace: kube-system
        spec:
          podLabels:
            kubernetes.azure.com/managedby: aks
        """
            .formatted(name));
    return file.toString();
  }

  private static void readLines(Process p, List<String> into) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        into.add(line);
      }
    } catch (java.io.IOException e) {
      into.add("read failed: " + e.getMessage());
    }
  }
}
