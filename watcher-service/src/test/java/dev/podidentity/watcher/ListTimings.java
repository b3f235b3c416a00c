package dev.podidentity.watcher;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When the test server answered the client's lists: the moment the last list's response began (the
 * test server composes a list whole before it sends a byte, so until then the time is the server's
 * own) and the moment the last list's body was read. A real API server answers a list from its
 * watch cache; this separates the test server's cost from the watcher's in the benchmark.
 */
final class ListTimings implements Interceptor {
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong read = new AtomicLong();

  /** The latest {@link System#nanoTime()} at which a list's response began; 0 if none yet. */
  long answered() {
    return answered.get();
  }

  /** The latest {@link System#nanoTime()} at which a list's body was read to its end. */
  long read() {
    return read.get();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    // Nothing to change: only the responses are timed.
  }

  @Override
  public void after(
      HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> body) {
    if (isList(request)) {
      answered.accumulateAndGet(System.nanoTime(), Math::max);
    }
  }

  @Override
  public AsyncBody.Consumer<List<ByteBuffer>> consumer(
      AsyncBody.Consumer<List<ByteBuffer>> consumer, HttpRequest request) {
    if (!isList(request)) {
      return consumer;
    }
    AtomicBoolean timed = new AtomicBoolean();
    return (buffers, body) -> {
      if (timed.compareAndSet(false, true)) {
        body.done()
            .whenComplete((ok, error) -> read.accumulateAndGet(System.nanoTime(), Math::max));
      }
      consumer.consume(buffers, body);
    };
  }

  private static boolean isList(HttpRequest request) {
    String query = request.uri().getRawQuery();
    return "GET".equals(request.method()) && (query == null || !query.contains("watch=true"));
  }
}
