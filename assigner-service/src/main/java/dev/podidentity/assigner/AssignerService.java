package dev.podidentity.assigner;

import dev.podidentity.assigner.adapter.azure.AzureClients;
import dev.podidentity.assigner.adapter.azure.AzureCloud;
import dev.podidentity.assigner.adapter.kafka.AssignerChannels;
import dev.podidentity.assigner.adapter.kafka.KafkaOutput;
import dev.podidentity.assigner.adapter.kafka.PodTraces;
import dev.podidentity.assigner.adapter.kubernetes.KubernetesCluster;
import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.engine.AssignerMetrics;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TopicCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/**
 * The application's assigner: its pipeline is built on first use (the start, or the channels if the
 * group hands partitions over earlier), fed by the channels of {@link AssignerChannels}, and
 * stopped with the application.
 */
@ApplicationScoped
public class AssignerService {
  private static final Logger LOG = Logger.getLogger(AssignerService.class);

  @Inject AssignerConfig config;
  @Inject Vertx vertx;
  @Inject MeterRegistry registry;
  @Inject Instance<KubernetesClient> kubernetes;
  @Inject KafkaOutput output;
  @Inject AssignerChannels channels;
  @Inject PodTraces traces;

  /** The {@code kafka.*} settings (and KAFKA_* variables): broker, TLS, SASL. */
  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  private volatile Pipeline pipeline;
  private KubernetesCluster cluster;
  private ManagedExecutor workers;

  void start(@Observes StartupEvent event) {
    // Refuses to start on topics that would lose state, are missing or cannot be described (a
    // credential the broker refuses is named here).
    TopicCheck.require(
        kafka,
        List.of(
            Topics.spec(Topics.PODS),
            Topics.spec(Topics.CONFIG),
            Topics.spec(Topics.ASSIGNMENTS),
            Topics.spec(Topics.LEDGER)),
        Duration.ofSeconds(30));
    Pipeline p = pipeline();
    LOG.infof(
        "assigner started: group %s, namespaced=%s, linger=%s, ready=%s",
        config.kafka().groupId(), config.namespaced(), config.linger(), p.ready());
  }

  /** The pipeline, built once from the configuration. */
  public synchronized Pipeline pipeline() {
    if (pipeline != null) {
      return pipeline;
    }
    ClusterPort clusterPort = ClusterPort.NONE;
    if (config.kubernetes().enabled()) {
      cluster =
          new KubernetesCluster(
              kubernetes.get(),
              config.kubernetes().writesPerSecond(),
              Infrastructure.getDefaultExecutor());
      clusterPort = cluster;
    }
    AzureClients clients = new AzureClients(config.cloud(), vertx);
    // Pays the SDK's cold start before the first pod needs it, without delaying the start.
    Infrastructure.getDefaultWorkerPool().execute(clients::warmUp);
    // Runs block on ARM calls (a PATCH can take minutes). They go to the application's worker
    // pool through a bounded view of it, so they never take all its threads (it also handles the
    // input channels). Not a Vert.x worker executor: its threads carry a Vert.x context, and the
    // connector and the SDK hand their answers to that context, which a blocked run holds.
    workers =
        ManagedExecutor.builder()
            .maxAsync(config.maxConcurrentRuns())
            .maxQueued(-1)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();
    AssignerMetrics metrics = new AssignerMetrics(registry);
    pipeline =
        new Pipeline(
                output,
                new AzureCloud(clients::compute, config.cloud().requestTimeout(), metrics),
                clusterPort,
                config.namespaced(),
                config,
                metrics,
                config.kafka().handoverTimeout(),
                Infrastructure.getDefaultWorkerPool(),
                workers,
                channels::stopReading,
                traces)
            .start();
    return pipeline;
  }

  void stop(@Observes ShutdownEvent event) {
    Pipeline p = pipeline;
    if (p != null) {
      p.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (workers != null) {
      workers.shutdown();
    }
  }

  public boolean ready() {
    Pipeline p = pipeline;
    return p != null && p.ready();
  }
}
