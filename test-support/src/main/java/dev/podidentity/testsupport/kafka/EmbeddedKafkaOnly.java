package dev.podidentity.testsupport.kafka;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * A test class (and its subclasses) that needs the embedded broker's secured listeners and ACLs:
 * skipped, with the reason, when the tests run against a broker of the user's own ({@value
 * SharedKafka#BOOTSTRAP_ENV}) or a Testcontainers broker, which have neither.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@DisabledIfEnvironmentVariable(
    named = SharedKafka.BOOTSTRAP_ENV,
    matches = ".*\\S.*",
    disabledReason = "needs the embedded broker's secured listeners; an external broker is used")
@DisabledIfEnvironmentVariable(
    named = SharedKafka.MODE_ENV,
    matches = "(?i)container",
    disabledReason = "needs the embedded broker's secured listeners; a container broker is used")
public @interface EmbeddedKafkaOnly {}
