package dev.podidentity.watcher.port;

import dev.podidentity.watcher.core.Publication;
import java.util.concurrent.CompletionStage;

/**
 * Sends records to the contract's topics. Sends are ordered per key in call order; the stage
 * completes when the broker has the record durably (or fails).
 */
@FunctionalInterface
public interface EventPublisher {
  CompletionStage<Void> send(Publication publication);
}
