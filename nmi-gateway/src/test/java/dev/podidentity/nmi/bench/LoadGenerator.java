package dev.podidentity.nmi.bench;

import dev.podidentity.testsupport.bench.Pacing;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A small HTTP load generator over Vert.x: closed loop at fixed concurrency (throughput), or open
 * loop at a fixed rate with latency measured from the intended send time (no coordinated omission).
 * Latencies in microseconds in an HdrHistogram.
 */
final class LoadGenerator implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;
  private final int port;
  private final String uri;

  record Result(long requests, long errors, double seconds, Histogram micros) {
    double throughput() {
      return requests / seconds;
    }

    String describe() {
      return String.format(
          "%,.0f req/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (%d requests, %d"
              + " non-expected answers)",
          throughput(),
          micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0,
          micros.getValueAtPercentile(99.9) / 1000.0,
          micros.getMaxValue() / 1000.0,
          requests,
          errors);
    }
  }

  LoadGenerator(String sourceIp, int port, String uri, int connections) {
    this.port = port;
    this.uri = uri;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setLocalAddress(sourceIp)
                .setMaxPoolSize(connections)
                .setKeepAlive(true)
                .setConnectTimeout(5_000));
  }

  /** {@code concurrency} requests always outstanding for {@code seconds}. */
  Result closedLoop(int concurrency, double seconds, int expectedStatus)
      throws InterruptedException {
    // Several event loops record at once: the concurrent variant loses no values.
    Histogram h = new ConcurrentHistogram(60_000_000L, 3);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    CountDownLatch finished = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      vertx.runOnContext(v -> loop(h, done, errors, end, finished, expectedStatus));
    }
    finished.await(120, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(done.get(), errors.get(), elapsed, h);
  }

  private void loop(
      Histogram h,
      AtomicLong done,
      AtomicLong errors,
      long end,
      CountDownLatch finished,
      int expectedStatus) {
    if (System.nanoTime() >= end) {
      finished.countDown();
      return;
    }
    long t0 = System.nanoTime();
    send()
        .onComplete(
            ar -> {
              record(h, t0);
              done.incrementAndGet();
              if (ar.failed() || ar.result() != expectedStatus) {
                errors.incrementAndGet();
              }
              loop(h, done, errors, end, finished, expectedStatus);
            });
  }

  /**
   * {@code rate} requests a second for {@code seconds}, each timed from when it was due. A thread
   * of its own parks until each request's due time and hands it to one event loop: a periodic
   * event-loop timer (1 ms granularity) would add its own phase, about half a millisecond, to every
   * latency and measure the generator rather than the server.
   */
  Result fixedRate(int rate, double seconds, int expectedStatus) throws InterruptedException {
    Histogram h = new ConcurrentHistogram(60_000_000L, 3);
    Histogram late = new ConcurrentHistogram(60_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    long total = (long) (rate * seconds);
    CountDownLatch finished = new CountDownLatch((int) total);
    long intervalNanos = 1_000_000_000L / rate;
    Context loop = vertx.getOrCreateContext();
    long start = System.nanoTime() + 10_000_000L;
    Thread sender =
        new Thread(
            () -> {
              for (long i = 0; i < total; i++) {
                long intended = start + i * intervalNanos;
                Pacing.awaitNanoTime(intended);
                loop.runOnContext(
                    v -> {
                      record(late, intended);
                      send()
                          .onComplete(
                              ar -> {
                                record(h, intended);
                                if (ar.failed() || ar.result() != expectedStatus) {
                                  errors.incrementAndGet();
                                }
                                finished.countDown();
                              });
                    });
              }
            },
            "load-sender");
    sender.setDaemon(true);
    sender.start();
    finished.await((long) seconds + 60, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    lastSendLateness = late;
    return new Result(total, errors.get(), elapsed, h);
  }

  /** How late the last fixed-rate run handed its requests to the client (microseconds). */
  Histogram lastSendLateness;

  private static void record(Histogram h, long fromNanos) {
    h.recordValue(Math.max(1, Math.min(60_000_000L, (System.nanoTime() - fromNanos) / 1_000)));
  }

  private io.vertx.core.Future<Integer> send() {
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(uri)
                .putHeader("Metadata", "true")
                .setTimeout(10_000))
        .compose(r -> r.send())
        .compose(r -> r.body().map(b -> r.statusCode()));
  }

  @Override
  public void close() {
    client.close();
    vertx.close();
  }
}
