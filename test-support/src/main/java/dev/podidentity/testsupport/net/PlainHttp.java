package dev.podidentity.testsupport.net;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client for the services' plain-http endpoints (health, metrics, a stand-in's control
 * port), in the tests, the benchmarks and the local stack.
 *
 * <p>HTTP/1.1, as Prometheus and kubelet probes speak. The JDK client's default, HTTP/2, asks a
 * plain-http server for an h2c upgrade, which the services' Vert.x management server grants; in CI
 * (2026-12-08) the JDK 17 client then read an upgraded metrics scrape's body as HTTP/2 frames
 * ("Frame type(101) length(7566701) exceeds MAX_FRAME_SIZE") and the scrape failed.
 */
public final class PlainHttp {
  private PlainHttp() {}

  public static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }
}
