package dev.podidentity.assigner.adapter.kafka;

import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.messaging.OutgoingEvents;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the assigner's records through the {@value #CHANNEL} channel (one durable, idempotent
 * producer for the assignments topic and the ledger). A ledger write waits for the acknowledgement
 * of every in-sync replica: the PATCH it announces must not go out before it.
 */
@ApplicationScoped
public class KafkaOutput implements OutputPort {
  public static final String CHANNEL = "assigner-records";
  static final Duration LEDGER_ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(KafkaOutput.class);

  @Inject
  @Channel(CHANNEL)
  @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
  MutinyEmitter<Record<String, Event>> emitter;

  @Inject PodTraces traces;

  private final URI source = OutgoingEvents.source("assigner-service", hostName());

  @Override
  public void ledger(LedgerRecord ledger) {
    try {
      send(Topics.LEDGER, Keys.ledger(ledger.target()), ledger).await().atMost(LEDGER_ACK_TIMEOUT);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the ledger write was not acknowledged", e);
    }
  }

  @Override
  public void assignment(AssignmentRecord assignment) {
    publish(Topics.ASSIGNMENTS, Keys.of(assignment), assignment);
  }

  @Override
  public void assignmentGone(String key, AssignmentRecord last) {
    publish(Topics.ASSIGNMENTS, key, null);
  }

  private void publish(String topic, String key, Event value) {
    send(topic, key, value)
        .subscribe()
        .with(ok -> {}, error -> LOG.errorf(error, "publishing %s to %s failed", key, topic));
  }

  private Uni<Void> send(String topic, String key, Event value) {
    var message = OutgoingEvents.message(topic, key, value, source);
    // In the trace of the PATCH it follows, or else of its pod (when tracing is on).
    Context trace = Topics.ASSIGNMENTS.equals(topic) ? traces.publishing(key) : null;
    return emitter.sendMessage(
        trace == null ? message : message.addMetadata(TracingMetadata.withCurrent(trace)));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
