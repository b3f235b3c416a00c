package dev.podidentity.nmi.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RequestLogTest {
  /** Records every write call separately, as a pipe would see them. */
  static final class Writes extends OutputStream {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void write(int b) {
      calls.add(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] b, int off, int len) {
      calls.add(new String(b, off, len, StandardCharsets.UTF_8));
    }

    String all() {
      return String.join("", calls);
    }
  }

  @Test
  void writesOneConsoleShapedLinePerCallUnderItsCategory() {
    Writes out = new Writes();
    try (RequestLog log = new RequestLog(out, 1 << 20, Runnable::run)) {
      log.line("token request ip=127.0.0.1 status=200");
      log.line(new StringBuilder("request path=/x status=404"));

      await().until(() -> out.all().split("\n").length == 2);
      String[] lines = out.all().split("\n");
      assertThat(lines[0])
          .matches(
              "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[dev\\.podidentity\\.nmi"
                  + "\\.request\\] \\(.+\\) token request ip=127\\.0\\.0\\.1 status=200");
      assertThat(lines[1]).endsWith(") request path=/x status=404");
      assertThat(log.lines()).isEqualTo(2);
    }
  }

  @Test
  void everyWriteIsWholeLinesOfAtMostAPipeBuffer() {
    Writes out = new Writes();
    try (RequestLog log = new RequestLog(out, 1 << 20, Runnable::run)) {
      for (int i = 0; i < 2_000; i++) {
        log.line("token request n=" + i + " " + "x".repeat(i % 90));
      }
    }
    assertThat(out.all().split("\n")).hasSize(2_000);
    assertThat(out.calls)
        .allSatisfy(
            call -> {
              assertThat(call).endsWith("\n");
              assertThat(call.getBytes(StandardCharsets.UTF_8).length)
                  .isLessThanOrEqualTo(RequestLog.CHUNK_BYTES);
            });
  }

  @Test
  void aStalledOutputDropsAndCountsLinesAndNeverBlocksTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    OutputStream stalled =
        new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          }
        };
    RequestLog log = new RequestLog(stalled, 1_000, Runnable::run);
    log.line("first: the writer takes it and stalls");
    await().until(() -> log.lines() == 1);
    for (int i = 0; i < 1_000; i++) {
      log.line("while stalled " + i);
    }

    assertThat(log.dropped()).isPositive();
    assertThat(log.lines() + log.dropped()).isEqualTo(1_001);
    release.countDown();
    log.close();
  }

  @Test
  void closeWritesWhatIsBuffered() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RequestLog log = new RequestLog(out, 1 << 20, Runnable::run);
    log.line("last words");
    log.close();

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("last words\n");
    log.line("after close");
    assertThat(log.lines()).isEqualTo(1);
  }
}
