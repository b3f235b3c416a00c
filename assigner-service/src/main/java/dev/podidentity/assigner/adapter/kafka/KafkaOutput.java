package dev.podidentity.assigner.adapter.kafka;

import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.messaging.OutgoingEvents;
import io.opentelemetry.context.Context;
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
 * Publishes the assigner's assignment records through the {@value #CHANNEL} channel and its ledger
 * through {@value #LEDGER_CHANNEL}, each a durable, idempotent producer. A ledger write waits for
 * the acknowledgement of every in-sync replica: the PATCH it announces must not go out before it.
 * It has a producer of its own so that it never waits behind a burst's assignment records.
 */
@ApplicationScoped
public class KafkaOutput implements OutputPort {
  public static final String CHANNEL = "assigner-records";
  public static final String LEDGER_CHANNEL = "assigner-ledger";
  static final Duration LEDGER_ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(KafkaOutput.class);

  @Inject
  @Channel(CHANNEL)
  @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
  MutinyEmitter<Record<String, Event>> emitter;

  @Inject
  @Channel(LEDGER_CHANNEL)
  @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
  MutinyEmitter<Record<String, Event>> ledgerEmitter;

  @Inject PodTraces traces;

  private final URI source = OutgoingEvents.source("assigner-service", hostName());

  @Override
  public void ledger(LedgerRecord ledger) {
    try {
      ledgerEmitter
          .sendMessage(
              OutgoingEvents.message(Topics.LEDGER, Keys.ledger(ledger.target()), ledger, source))
          .await()
          .atMost(LEDGER_ACK_TIMEOUT);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the ledger write was not acknowledged", e);
    }
  }

  @Override
  public void assignment(AssignmentRecord assignment) {
    publish(Keys.of(assignment), assignment);
  }

  @Override
  public void assignmentGone(String key, AssignmentRecord last) {
    publish(key, null);
  }

  private void publish(String key, Event value) {
    var message = OutgoingEvents.message(Topics.ASSIGNMENTS, key, value, source);
    // In the trace of the PATCH it follows, or else of its pod (when tracing is on).
    Context trace = traces.publishing(key);
    emitter
        .sendMessage(
            trace == null ? message : message.addMetadata(TracingMetadata.withCurrent(trace)))
        .subscribe()
        .with(
            ok -> {},
            error -> LOG.errorf(error, "publishing %s to %s failed", key, Topics.ASSIGNMENTS));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
