package dev.podidentity.azuresim;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.azuresim.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Java client of the simulator's admin API ({@code /admin/...} on the ARM port), trusting the
 * simulator's certificate. Works against an embedded or a standalone simulator.
 */
public final class SimulatorAdminClient {

  private final String baseUrl;
  private final HttpClient http;

  public SimulatorAdminClient(String armUrl, Path trustPem) {
    this.baseUrl = armUrl.replaceAll("/+$", "");
    this.http =
        HttpClient.newBuilder()
            .sslContext(SimulatorTrust.sslContext(trustPem))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** What seeding made: {@code identities}, {@code targets} (with VMs and IMDS endpoints), ... */
  public Map<String, Object> seed(Seed seed) {
    return call("POST", "/admin/seed", seed);
  }

  /**
   * Creates a user-assigned identity; answers its {@code id}, {@code clientId}, {@code
   * principalId}.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> createIdentity(
      String subscriptionId, String resourceGroup, String name) {
    Seed seed =
        new Seed(
            List.of(
                new Seed.Subscription(
                    subscriptionId,
                    List.of(
                        new Seed.ResourceGroup(resourceGroup, null, List.of(name), null, null)))),
            null);
    return ((List<Map<String, Object>>) seed(seed).get("identities")).get(0);
  }

  /** Adds a scale set with {@code instances} VMs; answers {@code id} and {@code vms}. */
  public Map<String, Object> addScaleSet(
      String subscriptionId, String resourceGroup, String name, int instances) {
    return addTarget(
        subscriptionId, resourceGroup, new Seed.Compute(name, instances, false, null), true);
  }

  /** Adds a standalone VM; answers {@code id} and {@code vms} (one). */
  public Map<String, Object> addVirtualMachine(
      String subscriptionId, String resourceGroup, String name) {
    return addTarget(subscriptionId, resourceGroup, new Seed.Compute(name, 1, false, null), false);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> addTarget(
      String sub, String rg, Seed.Compute compute, boolean scaleSet) {
    Seed.ResourceGroup group =
        new Seed.ResourceGroup(
            rg, null, null, scaleSet ? List.of(compute) : null, scaleSet ? null : List.of(compute));
    Seed seed = new Seed(List.of(new Seed.Subscription(sub, List.of(group))), null);
    return ((List<Map<String, Object>>) seed(seed).get("targets")).get(0);
  }

  /** Registers a service principal (secret and/or certificate PEM); answers its ids. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> addServicePrincipal(
      String clientId, String secret, String certificatePem) {
    Seed seed = new Seed(null, List.of(new Seed.Principal(clientId, secret, certificatePem, null)));
    return ((List<Map<String, Object>>) seed(seed).get("servicePrincipals")).get(0);
  }

  public void addRoleAssignment(String principalId, String scope, String role) {
    call(
        "POST",
        "/admin/role-assignments",
        Map.of("principalId", principalId, "scope", scope, "role", role));
  }

  /** The audience Entra expects in a federated assertion, and the default of a credential. */
  public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

  /**
   * Adds (or replaces) federated credential {@code name} on a user-assigned identity, for audience
   * {@code api://AzureADTokenExchange}; answers it in ARM's shape ({@code id}, {@code name}, {@code
   * properties.issuer/subject/audiences}). Azure's checks apply (at most 20 per identity, one
   * issuer and subject pair once).
   */
  public Map<String, Object> addFederatedCredential(
      String identityId, String name, String issuer, String subject) {
    return addFederatedCredential(identityId, name, issuer, subject, TOKEN_EXCHANGE_AUDIENCE);
  }

  public Map<String, Object> addFederatedCredential(
      String identityId, String name, String issuer, String subject, String audience) {
    return call(
        "PUT",
        "/admin/federated-credentials",
        Map.of(
            "identityId",
            identityId,
            "name",
            name,
            "issuer",
            issuer,
            "subject",
            subject,
            "audiences",
            List.of(audience)));
  }

  /** The identity's federated credentials in ARM's shape. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> federatedCredentials(String identityId) {
    return (List<Map<String, Object>>)
        call("GET", "/admin/federated-credentials?identityId=" + encode(identityId), null)
            .get("value");
  }

  /** Removes a federated credential; removing one that is not there is not an error. */
  public void removeFederatedCredential(String identityId, String name) {
    call(
        "DELETE",
        "/admin/federated-credentials?identityId=" + encode(identityId) + "&name=" + encode(name),
        null);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Runs Entra's clock for federated assertions {@code offset} ahead of (or behind) the real one;
   * {@link java.time.Duration#ZERO} restores it. A token Kubernetes issued for 10 minutes is
   * refused as expired (AADSTS700024) once the offset passes its lifetime plus the 5-minute skew.
   */
  public void shiftEntraClock(java.time.Duration offset) {
    call("PUT", "/admin/entra/clock", Map.of("offsetSeconds", offset.toSeconds()));
  }

  /** Puts identities on a scale set or VM directly, as if they had been there before us. */
  public Map<String, Object> assignIdentities(
      String targetId, List<String> identityIds, boolean systemAssigned) {
    return call(
        "PUT",
        "/admin/targets/identities",
        Map.of("targetId", targetId, "identities", identityIds, "systemAssigned", systemAssigned));
  }

  /** The user identity ids (lowercased) on a scale set or VM now. */
  @SuppressWarnings("unchecked")
  public List<String> identitiesOf(String targetId) {
    return (List<String>) describe(targetId).get("userAssignedIdentities");
  }

  /**
   * {@code type}, {@code systemAssigned}, {@code userAssignedIdentities}, {@code
   * provisioningState}.
   */
  public Map<String, Object> describe(String targetId) {
    return call("GET", "/admin/targets/identities?id=" + encode(targetId), null);
  }

  /** Puts a target into (or out of) the Deleting state. */
  public void setDeleting(String targetId, boolean deleting) {
    call("POST", "/admin/targets/state", Map.of("targetId", targetId, "deleting", deleting));
  }

  public void injectFault(Fault fault) {
    call("POST", "/admin/faults", fault);
  }

  public void clearFaults() {
    call("DELETE", "/admin/faults", null);
  }

  /**
   * {@code {"compute": {target: {event: n}}, "imds": {vm: {event: n}}, "entra": {flow: {event:
   * n}}}}.
   */
  public Map<String, Object> counters() {
    return call("GET", "/admin/counters", null);
  }

  /**
   * One compute counter, e.g. {@code computeCount("vmss1", "PATCH")}; events in {@code Counters}.
   */
  public long computeCount(String target, String event) {
    return count("compute", target, event);
  }

  public long imdsCount(String vm, String event) {
    return count("imds", vm, event);
  }

  @SuppressWarnings("unchecked")
  private long count(String area, String key, String event) {
    Map<String, Map<String, Number>> c = (Map<String, Map<String, Number>>) counters().get(area);
    Number n = c == null ? null : c.getOrDefault(key, Map.of()).get(event);
    return n == null ? 0 : n.longValue();
  }

  /**
   * One Entra counter, e.g. {@code entraCount("federated", "accepted")}, {@code "refused"}, {@code
   * "refused:subject"} or {@code "jwksFetches"}; names in {@code Counters}.
   */
  public long entraCount(String flow, String event) {
    return count("entra", flow, event);
  }

  public void resetCounters() {
    call("DELETE", "/admin/counters", null);
  }

  /**
   * Every update (PATCH or PUT) the simulator ran recently, by start: {@code target}, {@code added}
   * and {@code removed} identity ids, and epoch milliseconds {@code startMillis}, {@code endMillis}
   * and {@code reportedMillis} (when a client was first told it had ended).
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> operations() {
    return (List<Map<String, Object>>) call("GET", "/admin/operations", null).get("operations");
  }

  /** Refills every budget (scale set, subscription, IMDS). */
  public void resetThrottles() {
    call("DELETE", "/admin/throttles", null);
  }

  private Map<String, Object> call(String method, String path, Object body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Json.write(body)));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(
            method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      if (r.body() == null || r.body().isBlank()) {
        return Map.of();
      }
      return Json.MAPPER.readValue(r.body(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("admin call failed: " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
