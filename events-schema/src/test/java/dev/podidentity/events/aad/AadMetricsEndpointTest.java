package dev.podidentity.events.aad;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The listener where aad-pod-identity served its metrics: only {@code GET /metrics}. */
class AadMetricsEndpointTest {
  static Vertx vertx;
  static AadMetricsEndpoint endpoint;
  static int port;
  // HTTP/1.1 as test-support's PlainHttp explains (this module cannot depend on test-support).
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    endpoint =
        AadMetricsEndpoint.start(vertx, "127.0.0.1", port, () -> "aadpodidentity_x_count 1\n");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> get("GET", "/metrics").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    endpoint.close();
    vertx.close();
  }

  static HttpResponse<String> get(String method, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getMetricsAnswersTheTextInPrometheusFormat() throws Exception {
    HttpResponse<String> r = get("GET", "/metrics");

    assertThat(r.body()).isEqualTo("aadpodidentity_x_count 1\n");
    assertThat(r.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
  }

  @Test
  void onlyGetMetricsIsServed() throws Exception {
    assertThat(get("GET", "/").statusCode()).isEqualTo(404);
    assertThat(get("GET", "/q/metrics").statusCode()).isEqualTo(404);
    HttpResponse<String> post = get("POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void portZeroListensNowhere() {
    assertThat(AadMetricsEndpoint.start(vertx, "127.0.0.1", 0, () -> "x"))
        .isSameAs(AadMetricsEndpoint.OFF);
  }
}
