package dev.podidentity.nmi.engine.token;

import dev.podidentity.nmi.port.SecretReader;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory {@link SecretReader}: Secrets by {@code namespace/name}, a read counter, answers
 * held back on demand (so tests control concurrency), and an API outage on demand.
 */
public final class FakeSecretReader implements SecretReader {
  private final Map<String, Map<String, byte[]>> secrets = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;
  private boolean apiDown;

  public FakeSecretReader put(String namespace, String name, Map<String, byte[]> data) {
    secrets.put(namespace + "/" + name, Map.copyOf(data));
    return this;
  }

  public FakeSecretReader remove(String namespace, String name) {
    secrets.remove(namespace + "/" + name);
    return this;
  }

  public synchronized FakeSecretReader hold() {
    holding = true;
    return this;
  }

  public synchronized FakeSecretReader apiDown(boolean down) {
    apiDown = down;
    return this;
  }

  /** Answers every held read. */
  public void release() {
    List<Runnable> now;
    synchronized (this) {
      holding = false;
      now = new ArrayList<>(held);
      held.clear();
    }
    now.forEach(Runnable::run);
  }

  public int reads() {
    return reads.get();
  }

  @Override
  public Uni<Map<String, byte[]>> read(String namespace, String name) {
    return Uni.createFrom().completionStage(call(namespace, name).toCompletionStage());
  }

  private Future<Map<String, byte[]>> call(String namespace, String name) {
    reads.incrementAndGet();
    Promise<Map<String, byte[]>> p = Promise.promise();
    Runnable answer =
        () -> {
          Map<String, byte[]> data = secrets.get(namespace + "/" + name);
          if (apiDown) {
            p.fail(new UpstreamException(503, true, "Kubernetes API down", null));
          } else if (data == null) {
            p.fail(
                new UpstreamException(
                    403, false, "Secret " + namespace + "/" + name + " not found", null));
          } else {
            p.complete(data);
          }
        };
    synchronized (this) {
      if (holding) {
        held.add(answer);
        return p.future();
      }
    }
    answer.run();
    return p.future();
  }
}
