package dev.podidentity.nmi.engine.token;

import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.port.TokenSource;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory {@link TokenSource}: counts calls, answers when told to (so tests control
 * concurrency), issues tokens with a chosen lifetime, and fails on demand.
 */
public final class FakeTokenSource implements TokenSource {
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Promise<Token>> pending = new ArrayList<>();
  private long lifetimeSeconds = 3600;
  private boolean manual;
  private UpstreamException failure;
  private long nowSeconds = 1_000_000;

  public synchronized FakeTokenSource answerManually() {
    manual = true;
    return this;
  }

  public synchronized FakeTokenSource lifetime(long seconds) {
    lifetimeSeconds = seconds;
    return this;
  }

  public synchronized FakeTokenSource failWith(UpstreamException e) {
    failure = e;
    return this;
  }

  public synchronized void now(long seconds) {
    nowSeconds = seconds;
  }

  public int calls() {
    return calls.get();
  }

  /** Answers every call still waiting. */
  public void release() {
    List<Promise<Token>> ready;
    synchronized (this) {
      ready = new ArrayList<>(pending);
      pending.clear();
    }
    ready.forEach(p -> p.complete(token(calls.get())));
  }

  @Override
  public Uni<Token> fetch(BoundIdentity identity, String resource, long deadline) {
    return Uni.createFrom().completionStage(call().toCompletionStage());
  }

  private synchronized Future<Token> call() {
    int n = calls.incrementAndGet();
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (manual) {
      Promise<Token> p = Promise.promise();
      pending.add(p);
      return p.future();
    }
    return Future.succeededFuture(token(n));
  }

  private synchronized Token token(int n) {
    return new Token(
        "token-" + n, nowSeconds + lifetimeSeconds, nowSeconds, "r", "Bearer", "client", null);
  }
}
