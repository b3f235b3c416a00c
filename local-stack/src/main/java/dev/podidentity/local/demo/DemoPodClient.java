package dev.podidentity.local.demo;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import dev.podidentity.azuresim.SimulatorTrust;
import dev.podidentity.local.pod.PodHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo pod's program, run as its own process like aad-pod-identity's demo image: with the real
 * Azure SDK ({@code ManagedIdentityCredential}, pointed at its node's NMI through {@code
 * AZURE_POD_IDENTITY_AUTHORITY_HOST}) it gets a token, makes an ARM read with it and GETs instance
 * metadata. Every socket binds its source address to the pod's IP, so the NMI sees the pod.
 *
 * <p>Arguments: {@code <podIp> <armUrl> <trustPem> <subscription> <resourceGroup> <clientId>...}.
 * Exit 0 when every step worked for every client id.
 */
public final class DemoPodClient {
  private static final String ARM_RESOURCE = "https://management.azure.com/";

  private DemoPodClient() {}

  public static void main(String[] args) {
    if (args.length < 6) {
      System.err.println(
          "usage: DemoPodClient <podIp> <armUrl> <trustPem> <subscription> <resourceGroup>"
              + " <clientId>...");
      System.exit(2);
    }
    String nmi = System.getenv("AZURE_POD_IDENTITY_AUTHORITY_HOST");
    if (nmi == null || nmi.isBlank()) {
      System.err.println("AZURE_POD_IDENTITY_AUTHORITY_HOST must name the node's NMI");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    int status = 1;
    try {
      status = run(vertx, nmi, args) ? 0 : 1;
    } catch (RuntimeException e) {
      log("FAILED: " + e);
    } finally {
      vertx.close();
    }
    System.exit(status);
  }

  private static boolean run(Vertx vertx, String nmi, String[] args) {
    String podIp = args[0];
    String armUrl = args[1];
    Path trustPem = Path.of(args[2]);
    String subscription = args[3];
    String resourceGroup = args[4];
    HttpClient toNmi =
        new VertxHttpClientBuilder()
            .vertx(vertx)
            .httpClientOptions(new HttpClientOptions().setLocalAddress(podIp))
            .responseTimeout(Duration.ofSeconds(60))
            .build();
    HttpClient toArm =
        new VertxHttpClientBuilder()
            .vertx(vertx)
            .httpClientOptions(SimulatorTrust.vertxClientOptions(trustPem).setLocalAddress(podIp))
            .responseTimeout(Duration.ofSeconds(30))
            .build();
    boolean ok = true;
    for (int i = 5; i < args.length; i++) {
      ok &= forIdentity(nmi, args[i], toNmi, toArm, armUrl, subscription, resourceGroup);
    }
    return ok && instanceMetadata(podIp, nmi);
  }

  private static boolean forIdentity(
      String nmi,
      String clientId,
      HttpClient toNmi,
      HttpClient toArm,
      String armUrl,
      String subscription,
      String resourceGroup) {
    ManagedIdentityCredential credential =
        new ManagedIdentityCredentialBuilder().clientId(clientId).httpClient(toNmi).build();
    Instant t0 = Instant.now();
    AccessToken token =
        credential
            .getToken(new TokenRequestContext().addScopes(ARM_RESOURCE + ".default"))
            .block(Duration.ofSeconds(90));
    if (token == null) {
      log("FAILED to acquire a token for clientID(" + clientId + ")");
      return false;
    }
    log(
        String.format(
            "successfully acquired a token using the MSI, msiEndpoint(%s/metadata/identity/oauth2/token),"
                + " clientID(%s), expiresOn(%s), took %d ms",
            nmi, clientId, token.getExpiresAt(), Duration.between(t0, Instant.now()).toMillis()));
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", armUrl + "/");
    AzureProfile profile = new AzureProfile(null, subscription, new AzureEnvironment(endpoints));
    ComputeManager compute =
        ComputeManager.configure().withHttpClient(toArm).authenticate(credential, profile);
    long vms = compute.virtualMachines().listByResourceGroup(resourceGroup).stream().count();
    log(
        String.format(
            "successfully made an ARM read with it: %d virtual machines in resource group %s"
                + " (clientID %s)",
            vms, resourceGroup, clientId));
    return true;
  }

  private static boolean instanceMetadata(String podIp, String nmi) {
    java.net.URI uri = java.net.URI.create(nmi);
    try {
      PodHttp.Response r =
          PodHttp.get(
              podIp,
              uri.getHost(),
              uri.getPort(),
              "/metadata/instance?api-version=2021-02-01",
              Map.of("Metadata", "true"),
              Duration.ofSeconds(30));
      if (r.status() != 200) {
        log("FAILED GET on instance metadata: " + r.status() + " " + r.body());
        return false;
      }
      String body = r.body().length() > 160 ? r.body().substring(0, 160) + "..." : r.body();
      log("successfully made GET on instance metadata, " + body);
      return true;
    } catch (java.io.IOException e) {
      log("FAILED GET on instance metadata: " + e);
      return false;
    }
  }

  private static void log(String line) {
    System.out.println(Instant.now() + " " + line);
    System.out.flush();
  }
}
