package dev.podidentity.testsupport.kafka;

import dev.podidentity.testsupport.kafka.secure.CertificateAuthority;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JVM's shared broker seen from a copy of {@link SharedKafka} in another class loader (a
 * Quarkus application's): the application class loader's copy owns and started it; this one only
 * points at it, with its own {@link SecuredKafka} over the same listeners and CA.
 */
record AttachedKafka(String bootstrapServers, String description, Optional<SecuredKafka> secured)
    implements KafkaBroker {

  /** The application class loader's broker, unless this class was loaded by that loader. */
  @SuppressWarnings("unchecked")
  static Optional<KafkaBroker> fromApplicationClassLoader() {
    ClassLoader app = ClassLoader.getSystemClassLoader();
    if (SharedKafka.class.getClassLoader() == app) {
      return Optional.empty();
    }
    Class<?> root;
    try {
      root = Class.forName(SharedKafka.class.getName(), true, app);
    } catch (ClassNotFoundException notOnTheClassPath) {
      return Optional.empty();
    }
    // The broker's threads inherit this thread's context loader and Kafka loads its plugins
    // (authorizer, login modules) through it: it must be the broker's own loader.
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(app);
    try {
      return Optional.of(of((Map<String, String>) root.getMethod("coordinates").invoke(null)));
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot start the shared broker", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach the shared broker", e);
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  static Map<String, String> coordinates(KafkaBroker broker) {
    Map<String, String> c = new HashMap<>();
    c.put("bootstrap", broker.bootstrapServers());
    c.put("description", broker.description());
    broker
        .secured()
        .ifPresent(
            s -> {
              c.put("saslSsl", s.saslSslBootstrap());
              c.put("mtls", s.mtlsBootstrap());
              c.put("tls", s.certificateAuthority().directory().toString());
              c.put("adminPassword", s.adminPassword());
            });
    return c;
  }

  private static AttachedKafka of(Map<String, String> c) {
    Optional<SecuredKafka> secured =
        Optional.ofNullable(c.get("tls"))
            .map(
                dir ->
                    new SecuredKafka(
                        c.get("bootstrap"),
                        c.get("saslSsl"),
                        c.get("mtls"),
                        CertificateAuthority.open(Path.of(dir), "podidentity-test-ca"),
                        c.get("adminPassword")));
    return new AttachedKafka(
        c.get("bootstrap"),
        c.get("description") + ", shared with the application class loader",
        secured);
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
