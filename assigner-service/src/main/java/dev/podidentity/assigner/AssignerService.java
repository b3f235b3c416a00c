package dev.podidentity.assigner;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.engine.Pipeline;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TopicCheck;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The application's assigner: checks its topics at start and builds the engine (see {@link
 * AssignerWiring}) if the channels have not yet; the container closes it on shutdown.
 */
@ApplicationScoped
public class AssignerService {
  private static final Logger LOG = Logger.getLogger(AssignerService.class);

  @Inject AssignerConfig config;
  @Inject Pipeline pipeline;

  /** The {@code kafka.*} settings (and KAFKA_* variables): broker, TLS, SASL. */
  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  void start(@Observes StartupEvent event) {
    // Refuses to start on topics that would lose state, are missing or cannot be described (a
    // credential the broker refuses is named here).
    TopicCheck.require(
        kafka,
        List.of(
            Topics.spec(Topics.PODS),
            Topics.spec(Topics.CONFIG),
            Topics.spec(Topics.ASSIGNMENTS),
            Topics.spec(Topics.LEDGER),
            Topics.spec(Topics.NODES)),
        Duration.ofSeconds(30));
    LOG.infof(
        "assigner started: group %s, namespaced=%s, linger=%s, ready=%s",
        config.kafka().groupId(), config.namespaced(), config.linger(), pipeline.ready());
  }

  /**
   * {@code POST /adopt} on the management port: reads the AzureAssignedIdentity objects again and
   * adopts what they claim (after restoring objects, or when the ledger topic was lost). Answers
   * {@code {"claimed": n}}, the identities the objects claim over all targets.
   */
  void routes(@Observes Router router) {
    router
        .post("/adopt")
        .blockingHandler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"claimed\":" + pipeline.adopt() + "}"),
            false);
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public boolean ready() {
    return pipeline.ready();
  }
}
