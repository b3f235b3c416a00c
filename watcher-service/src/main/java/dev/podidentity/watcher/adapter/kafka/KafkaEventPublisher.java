package dev.podidentity.watcher.adapter.kafka;

import dev.podidentity.events.Event;
import dev.podidentity.events.messaging.OutgoingEvents;
import dev.podidentity.watcher.core.Publication;
import dev.podidentity.watcher.port.EventPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends the watcher's records through the {@value #CHANNEL} channel: one durable, idempotent
 * producer for the three cluster topics (settings in {@code application.properties}), each record
 * keyed, with its topic and CloudEvents attributes as metadata. A send completes when the broker
 * acknowledged the record (or fails when the connector gives up on it).
 *
 * <p>The emitter buffers without bound: the watcher only ever has as many records in flight as the
 * cluster has objects (an initial sync of a large cluster sends them all at once), and a bounded
 * buffer would fail sends the watcher then has to repeat.
 */
@ApplicationScoped
public class KafkaEventPublisher {
  public static final String CHANNEL = "cluster-events";

  @Inject
  @Channel(CHANNEL)
  @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
  MutinyEmitter<Record<String, Event>> emitter;

  /** A publisher whose records name {@code source} as their CloudEvents source. */
  public EventPublisher as(URI source) {
    return (Publication p) ->
        emitter
            .sendMessage(OutgoingEvents.message(p.topic(), p.key(), p.value(), source))
            .subscribeAsCompletionStage();
  }
}
