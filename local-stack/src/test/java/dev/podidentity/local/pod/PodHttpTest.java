package dev.podidentity.local.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodHttpTest {

  @Test
  void parsesStatusHeadersAndChunkedBody() throws IOException {
    String raw =
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n";
    PodHttp.Response r = PodHttp.parse(raw.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("retry-after")).isEqualTo("5");
    assertThat(r.body()).isEqualTo("{\"a\":1}");
  }

  @Test
  void refusesWhatIsNotHttp() {
    assertThatThrownBy(() -> PodHttp.parse("garbage\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
