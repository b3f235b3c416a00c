package dev.podidentity.local.process;

import dev.podidentity.testsupport.net.PlainHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a child process to be ready, failing fast when it exits. */
public final class Readiness {
  private static final HttpClient HTTP = PlainHttp.client(Duration.ofSeconds(2));

  private Readiness() {}

  /** Waits until {@code GET url} answers 200 (a Quarkus {@code /q/health/ready}). */
  public static void awaitHttpOk(ServiceProcess process, String url, Duration timeout)
      throws StartFailure {
    await(process, timeout, () -> httpOk(url), "answer 200 on " + url);
  }

  /** Waits until the process's log contains {@code text}. */
  public static void awaitLog(ServiceProcess process, String text, Duration timeout)
      throws StartFailure {
    await(process, timeout, () -> process.logContains(text), "print \"" + text + "\"");
  }

  static boolean httpOk(String url) {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void await(
      ServiceProcess process, Duration timeout, BooleanSupplier ready, String what)
      throws StartFailure {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (!process.alive()) {
        throw new StartFailure(process, process.name() + " exited before it would " + what);
      }
      pause();
    }
    throw new StartFailure(
        process, process.name() + " did not " + what + " within " + timeout.toSeconds() + " s");
  }

  private static void pause() {
    // Not a test: a launcher polling a child's health endpoint, like a kubelet readiness probe.
    try {
      Thread.sleep(150);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A child that did not become ready; carries it so the caller can print its log's tail. */
  public static final class StartFailure extends Exception {
    private final transient ServiceProcess process;

    public StartFailure(ServiceProcess process, String message) {
      super(message);
      this.process = process;
    }

    public ServiceProcess process() {
      return process;
    }
  }
}
