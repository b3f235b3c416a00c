package dev.podidentity.testsupport.quarkus;

import java.util.Map;

/**
 * The configuration that turns tracing on in a service, as the README tells an operator: the
 * OpenTelemetry SDK and the Kafka connector's tracing (both off by default), with spans exported
 * within 10 ms so that a test sees them at once.
 */
public final class TracingOn {
  private TracingOn() {}

  /** The overrides, for a test profile or a test resource. */
  public static Map<String, String> overrides() {
    return Map.of(
        "quarkus.otel.sdk.disabled",
        "false",
        "mp.messaging.connector.smallrye-kafka.tracing-enabled",
        "true",
        "quarkus.otel.bsp.schedule.delay",
        "10ms");
  }
}
