package dev.podidentity.testsupport.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PlainHttpTest {
  @Test
  void asksAPlainHttpServerForNoUpgrade() throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.put("protocol", exchange.getProtocol());
          seen.put("upgrade", String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      HttpResponse<Void> r =
          PlainHttp.client(Duration.ofSeconds(2))
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());

      assertThat(r.statusCode()).isEqualTo(200);
      // The JDK client's default sends "Upgrade: h2c" here.
      assertThat(seen).containsEntry("protocol", "HTTP/1.1").containsEntry("upgrade", "null");
    } finally {
      server.stop(0);
    }
  }
}
