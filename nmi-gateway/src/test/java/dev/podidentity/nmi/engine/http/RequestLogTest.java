package dev.podidentity.nmi.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestLogTest {
  /** Records every write call separately, as a pipe would see them. */
  static class Writes extends OutputStream {
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

  /** Runs each flush on the caller's thread and counts it. */
  private static Executor counting(AtomicInteger flushes) {
    return task -> {
      flushes.incrementAndGet();
      task.run();
    };
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
  void anIdleLogWakesNoThreadAndABatchIsOneFlush() {
    Writes out = new Writes();
    AtomicInteger flushes = new AtomicInteger();
    try (RequestLog log = new RequestLog(out, 1 << 20, counting(flushes))) {
      await()
          .during(Duration.ofMillis(3 * RequestLog.FLUSH_MILLIS))
          .atMost(Duration.ofSeconds(2))
          .until(() -> flushes.get() == 0);

      for (int i = 0; i < 100; i++) {
        log.line("token request n=" + i);
      }
      await().until(() -> out.all().split("\n").length == 100);
      await()
          .during(Duration.ofMillis(3 * RequestLog.FLUSH_MILLIS))
          .atMost(Duration.ofSeconds(2))
          .until(() -> flushes.get() == 1);
    }
  }

  @Test
  void linesThatComeDuringAWriteAreWrittenAfterIt() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Writes out =
        new Writes() {
          @Override
          public void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.write(b, off, len);
          }
        };
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (RequestLog log = new RequestLog(out, 1 << 20, worker)) {
      log.line("first");
      assertThat(writing.await(5, TimeUnit.SECONDS)).as("the first flush started").isTrue();
      log.line("second, while the first is written");
      release.countDown();

      // No close: the flush that wrote "first" must arm the next one itself.
      await().until(() -> out.all().contains("second, while the first is written\n"));
    } finally {
      worker.shutdown();
    }
  }

  @Test
  void closeWritesWhatIsBufferedAndCancelsTheArmedFlush() {
    Writes out = new Writes();
    AtomicInteger flushes = new AtomicInteger();
    RequestLog log = new RequestLog(out, 1 << 20, counting(flushes));
    log.line("armed, then closed at once");
    log.close();

    assertThat(out.all()).endsWith("armed, then closed at once\n");
    // At shutdown the worker pool may be gone: the flush armed by the line must not run.
    await()
        .during(Duration.ofMillis(3 * RequestLog.FLUSH_MILLIS))
        .atMost(Duration.ofSeconds(2))
        .until(() -> flushes.get() == 0);
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
