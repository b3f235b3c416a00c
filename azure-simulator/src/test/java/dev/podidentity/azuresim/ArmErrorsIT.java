package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.azuresim.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the answer is ARM's error shape and the simulator keeps serving. */
class ArmErrorsIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-errors";
  static AzureSimulator sim;
  static HttpClient http;
  static String vmss;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    http = Jwks.http(sim);
    sim.admin().addScaleSet(SUB, RG, "vmss-errors", 1);
    vmss =
        sim.armUrl()
            + "/subscriptions/"
            + SUB
            + "/resourceGroups/"
            + RG
            + "/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-errors";
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static HttpResponse<String> send(String method, String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String code(HttpResponse<String> r) throws Exception {
    JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
    assertThat(error.get("message").asText()).isNotBlank();
    return error.get("code").asText();
  }

  @Test
  void malformedJsonIsInvalidRequestContent() throws Exception {
    HttpResponse<String> r = send("PATCH", vmss + "?api-version=2025-04-01", "{\"identity\": {");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("InvalidRequestContent");
  }

  @Test
  void wronglyShapedIdentityIsInvalidRequestContent() throws Exception {
    HttpResponse<String> r =
        send(
            "PATCH",
            vmss + "?api-version=2025-04-01",
            "{\"identity\": {\"userAssignedIdentities\": [1]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("InvalidRequestContent");
  }

  @Test
  void missingMalformedAndUnknownApiVersionsAreRefused() throws Exception {
    HttpResponse<String> missing = send("GET", vmss, null);
    HttpResponse<String> malformed = send("GET", vmss + "?api-version=banana", null);
    HttpResponse<String> unknown = send("GET", vmss + "?api-version=2001-01-01", null);

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(code(missing)).isEqualTo("MissingApiVersionParameter");
    assertThat(code(malformed)).isEqualTo("InvalidApiVersionParameter");
    assertThat(code(unknown)).isEqualTo("NoRegisteredProviderFound");
  }

  @Test
  void unknownPathsAndResourcesAreNotFound() throws Exception {
    HttpResponse<String> path =
        send("GET", sim.armUrl() + "/no/such/thing?api-version=2025-04-01", null);
    HttpResponse<String> resource = send("GET", vmss + "-missing?api-version=2025-04-01", null);
    HttpResponse<String> group =
        send("GET", vmss.replace(RG, "rg-missing") + "?api-version=2025-04-01", null);
    HttpResponse<String> method = send("DELETE", vmss + "?api-version=2025-04-01", null);

    assertThat(path.statusCode()).isEqualTo(404);
    assertThat(code(path)).isEqualTo("InvalidResourceType");
    assertThat(code(resource)).isEqualTo("ResourceNotFound");
    assertThat(code(group)).isEqualTo("ResourceGroupNotFound");
    assertThat(method.statusCode()).isBetween(400, 499);
    code(method);
  }

  @Test
  void anInjectedHangLeavesTheClientToTimeOutAndThenServesAgain() throws Exception {
    sim.admin().injectFault(Fault.of(Fault.Kind.HANG, "vmss-errors", 1));
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(vmss + "?api-version=2025-04-01"))
            .timeout(Duration.ofMillis(300))
            .build();

    assertThatThrownBy(() -> http.send(get, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(send("GET", vmss + "?api-version=2025-04-01", null).statusCode()).isEqualTo(200);
  }

  /** The outage ends for the requests it holds too: clearing the faults lets go of them. */
  @Test
  void clearingTheFaultsLetsGoOfTheRequestsAHangHolds() {
    sim.admin().injectFault(Fault.of(Fault.Kind.HANG, "vmss-errors", 1));
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(vmss + "?api-version=2025-04-01"))
            .timeout(Duration.ofMinutes(5))
            .build();
    var held = http.sendAsync(get, HttpResponse.BodyHandlers.ofString());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sim.admin().computeCount("vmss-errors", "hangs") > 0);
    assertThat(held).isNotDone();

    sim.admin().clearFaults();

    // Long before the client's own 5-minute timeout: the connection was closed under it.
    await().atMost(Duration.ofSeconds(10)).until(held::isDone);
    assertThat(held).isCompletedExceptionally();
  }

  private static java.util.concurrent.CompletableFuture<HttpResponse<String>> sendHeld() {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(vmss + "?api-version=2025-04-01"))
            .timeout(Duration.ofMinutes(5))
            .build();
    return http.sendAsync(get, HttpResponse.BodyHandlers.ofString());
  }

  /** A hang with a duration lets go by itself: no hang outlives its place in a schedule. */
  @Test
  void aHangWithADurationResetsTheRequestWhenItEnds() {
    sim.admin().injectFault(Fault.hang("arm", "vmss-errors", 1, 1_000));

    var held = sendHeld();

    // Long before the client's own 5-minute timeout, and with no clearing of the faults.
    await().atMost(Duration.ofSeconds(10)).until(held::isDone);
    assertThat(held).isCompletedExceptionally();
    assertThat(sim.admin().computeCount("vmss-errors", "hangs")).isPositive();
  }

  @Test
  void aHangWithAStatusAnswersItWhenItEnds() throws Exception {
    Fault hang = Fault.hang("arm", "vmss-errors", 1, 1_000);
    sim.admin()
        .injectFault(
            new Fault(
                hang.kind(),
                hang.area(),
                hang.target(),
                null,
                hang.count(),
                hang.latencyMs(),
                504,
                null));

    HttpResponse<String> r = sendHeld().get(10, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(code(r)).isEqualTo("GatewayTimeout");
  }

  /**
   * Letting go of a hung request resets that request only: another one on the same HTTP/2
   * connection, in flight at that moment, is answered.
   */
  @Test
  void lettingGoOfAHangLeavesTheConnectionsOtherRequestsAlone() throws Exception {
    sim.admin().injectFault(Fault.of(Fault.Kind.HANG, "vmss-errors", 1));
    var held = sendHeld();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sim.admin().computeCount("vmss-errors", "hangs") > 0);
    // One request delayed 2 s: once the fault is used up, that request is in flight.
    sim.admin()
        .injectFault(
            new Fault(Fault.Kind.LATENCY, "arm", "vmss-errors", null, 1, 2_000L, null, null));
    var slow = sendHeld();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !send("GET", sim.armUrl() + "/admin/faults", null).body().contains("LATENCY"));

    sim.admin().clearFaults();

    await().atMost(Duration.ofSeconds(10)).until(held::isDone);
    assertThat(held).isCompletedExceptionally();
    assertThat(slow.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void injectedConflictsAndThrottlingAnswerLikeArm() throws Exception {
    String body = "{\"identity\":{\"type\":\"None\"}}";
    sim.admin().injectFault(Fault.of(Fault.Kind.CONFLICT, "vmss-errors", 1));
    sim.admin().injectFault(Fault.of(Fault.Kind.THROTTLE, "vmss-errors", 1).withOperation("GET"));

    HttpResponse<String> conflict = send("PATCH", vmss + "?api-version=2025-04-01", body);
    HttpResponse<String> throttled = send("GET", vmss + "?api-version=2025-04-01", null);

    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(code(conflict)).isEqualTo("OperationNotAllowed");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("15");
    assertThat(send("PATCH", vmss + "?api-version=2025-04-01", body).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownImdsPathsAnswerInImdsShape() throws Exception {
    HttpResponse<String> r = send("GET", sim.imdsUrl() + "/metadata/nothing", null);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.MAPPER.readTree(r.body()).has("error_description")).isTrue();
  }
}
