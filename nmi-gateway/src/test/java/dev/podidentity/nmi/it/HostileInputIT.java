package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.AssignmentState;
import dev.podidentity.nmi.it.TestNode.Answer;
import dev.podidentity.nmi.it.TestNode.BoundPod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whatever a pod sends, the NMI answers with a 4xx (never a 5xx), stays up and keeps serving. */
class HostileInputIT {
  static TestNode node;
  static BoundPod pod;

  @BeforeAll
  static void start() {
    node = TestNode.start("nmi.server.idle-timeout", "2s");
    pod = node.boundPod("127.0.0.70", "default");
    node.awaitAssignment(pod.pod(), AssignmentState.ASSIGNED);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A request sent byte for byte, answered status (or -1 when the server closed without one). */
  static int raw(String request) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress("127.0.0.70", 0));
      s.connect(new InetSocketAddress("127.0.0.1", node.nmi.port()), 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      byte[] head = s.getInputStream().readNBytes(12);
      return head.length < 12
          ? -1
          : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
    }
  }

  static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\nMetadata: true\r\nConnection: close\r\n\r\n";
  }

  @Test
  void malformedRequestsGetA4xxAndNeverA5xx() throws IOException {
    List<String> hostile =
        List.of(
            get("/metadata/identity/oauth2/token?resource=%zz"),
            get("/metadata/identity/oauth2/token?resource=%ff%fe"),
            get("/metadata/identity/oauth2/token?resource=a&resource=b"),
            get("/metadata/identity/oauth2/token?resource=x&client_id=a&client_id=b"),
            get("/metadata/identity/oauth2/token?resource=" + "r".repeat(3_000)),
            get("/metadata/identity/oauth2/token?" + "a=b&".repeat(2_000)),
            get("/" + "x".repeat(20_000)),
            get("/metadata/identity/oauth2/token?resource=x&msi_res_id=a&mi_res_id=b"),
            get("/../../etc/passwd"),
            get("/metadata/identity/oauth2/token/../../../x"),
            "POST /metadata/identity/oauth2/token HTTP/1.1\r\nHost: x\r\nMetadata: true\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\nhello",
            "GET /metadata/identity/oauth2/token?resource=x HTTP/1.1\r\nHost: x\r\n"
                + "X-Big: "
                + "h".repeat(40_000)
                + "\r\n\r\n",
            "GARBAGE\r\n\r\n",
            "GET /metadata/identity/oauth2/token?resource=x HTTP/1.1\r\nHost: x\r\n"
                + "Metadata: true\r\nMetadata: true\r\nConnection: close\r\n\r\n");
    for (String request : hostile) {
      int status = raw(request);
      assertThat(status).as(request.substring(0, Math.min(80, request.length()))).isLessThan(500);
    }
    assertThat(node.token(pod.ip(), "resource=https%3A%2F%2Fstill-up").status()).isEqualTo(200);
  }

  @Test
  void randomPathsAndBytesNeverCauseA5xx() throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      StringBuilder path = new StringBuilder("/");
      int len = random.nextInt(60);
      for (int j = 0; j < len; j++) {
        char c = (char) (33 + random.nextInt(94));
        path.append(c == ' ' || c == '#' ? '_' : c);
      }
      String prefix = random.nextBoolean() ? "/metadata/identity/oauth2/token?" : "";
      int status = raw(get(prefix + path));
      assertThat(status).as(path.toString()).isLessThan(500);
    }
    assertThat(node.token(pod.ip(), "resource=https%3A%2F%2Fstill-up").status()).isEqualTo(200);
  }

  @Test
  void aSlowClientIsClosedByTheIdleTimeoutAndOthersAreServedMeanwhile() throws IOException {
    try (Socket slow = new Socket()) {
      slow.connect(new InetSocketAddress("127.0.0.1", node.nmi.port()), 5_000);
      OutputStream out = slow.getOutputStream();
      out.write(
          "GET /metadata/identity/oauth2/token?resource=x HTTP/1.1\r\nHo"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      assertThat(node.token(pod.ip(), "resource=https%3A%2F%2Fwhile-slow").status()).isEqualTo(200);

      slow.setSoTimeout(20_000);
      InputStream in = slow.getInputStream();
      // The server closes the stalled connection (idle timeout 2 s here): read sees end of stream.
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void tenThousandConnectionsDoNotTakeTheNodeDown() throws Exception {
    // A node of its own with the default 30 s idle timeout, so the flood stays open while measured.
    try (TestNode big = TestNode.start()) {
      BoundPod p = big.boundPod("127.0.0.71", "default");
      big.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process flood =
          new ProcessBuilder(
                  java.toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  ConnectionFlood.class.getName(),
                  "127.0.0.1",
                  Integer.toString(big.nmi.port()),
                  "10000")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(big::connections, c -> c >= 10_000);
        Answer a = big.token(p.ip(), "resource=https%3A%2F%2Funder-flood");
        assertThat(a.status()).isEqualTo(200);
      } finally {
        flood.destroyForcibly().waitFor();
      }
      await().atMost(Duration.ofSeconds(30)).until(big::connections, c -> c < 100);
      assertThat(big.token(p.ip(), "resource=https%3A%2F%2Fafter-flood").status()).isEqualTo(200);
    }
  }
}
