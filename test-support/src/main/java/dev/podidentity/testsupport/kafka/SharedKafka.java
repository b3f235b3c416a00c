package dev.podidentity.testsupport.kafka;

import dev.podidentity.events.Topics;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The one broker of a test JVM, started on first use, with the contract's topics created as
 * production creates them; it lives as long as the JVM. Which broker:
 *
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} set: that external broker;
 *   <li>{@code PODIDENTITY_TEST_KAFKA=container} and a Docker engine: a Testcontainers broker;
 *   <li>otherwise an embedded KRaft broker in this JVM.
 * </ol>
 *
 * <p>One per JVM even with {@code @QuarkusTest}s: Quarkus loads test classes, test resources and so
 * this class once per application class loader, which would make one broker per application. A copy
 * outside the JVM's application class loader therefore asks that loader's copy for its broker
 * ({@link #coordinates()}), so the broker lives in a class loader that is never closed. The SASL
 * mechanisms need it too: Kafka registers them JVM-wide, first loader wins, and a broker of another
 * loader would reject every SASL login.
 */
public final class SharedKafka {
  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String MODE_ENV = "PODIDENTITY_TEST_KAFKA";
  private static final Logger LOG = Logger.getLogger(SharedKafka.class.getName());
  private static KafkaBroker broker;

  private SharedKafka() {}

  public static synchronized KafkaBroker get() {
    if (broker == null) {
      Optional<KafkaBroker> root = AttachedKafka.fromApplicationClassLoader();
      if (root.isPresent()) {
        broker = root.get();
      } else {
        broker = start();
        TopicAdmin.ensure(broker.bootstrapServers(), Topics.ALL);
        LOG.info("tests use the " + broker.description());
      }
    }
    return broker;
  }

  public static String bootstrapServers() {
    return get().bootstrapServers();
  }

  /**
   * The secured listeners (SASL_SSL, mutual TLS) and ACLs of the shared broker. Only the embedded
   * broker has them: with an external or container broker this throws, and {@link
   * #securedAvailable()} lets a test skip instead.
   */
  public static SecuredKafka secured() {
    return get()
        .secured()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "secured listeners exist only on the embedded broker, and the tests use the "
                        + get().description()
                        + "; unset "
                        + BOOTSTRAP_ENV
                        + " and "
                        + MODE_ENV
                        + " to use it"));
  }

  /** Whether {@link #secured()} works: the shared broker is the embedded one. */
  public static boolean securedAvailable() {
    return get().secured().isPresent();
  }

  /**
   * The broker as plain values, for this class's copies in other class loaders (JDK types only
   * cross them). Starts it if needed.
   */
  public static Map<String, String> coordinates() {
    return AttachedKafka.coordinates(get());
  }

  private static KafkaBroker start() {
    String external = System.getenv(BOOTSTRAP_ENV);
    if (external != null && !external.isBlank()) {
      return new ExternalKafka(external.trim());
    }
    String mode = System.getenv().getOrDefault(MODE_ENV, "embedded").toLowerCase(Locale.ROOT);
    if (mode.equals("container")) {
      if (ContainerKafka.dockerAvailable()) {
        return ContainerKafka.start();
      }
      LOG.warning(MODE_ENV + "=container but no Docker engine answers; using the embedded broker");
    }
    return EmbeddedKafka.start();
  }
}
