package dev.podidentity.assigner;

import dev.podidentity.assigner.adapter.azure.AzureClients;
import dev.podidentity.assigner.adapter.azure.AzureCloud;
import dev.podidentity.assigner.adapter.kafka.AssignerChannels;
import dev.podidentity.assigner.adapter.kubernetes.KubernetesCluster;
import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.engine.AadMetrics;
import dev.podidentity.assigner.engine.AssignerMetrics;
import dev.podidentity.assigner.engine.InputFeed;
import dev.podidentity.assigner.engine.Pipeline;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.aad.AadMetricsEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * The assigner's one wiring place: each part is produced from the configuration and the parts it
 * needs, and closed by the container. The engine is built on first use: by the input channels if
 * the group hands them partitions before the application's start event, or by that event.
 */
@Singleton
public class AssignerWiring {
  static final String RUNS = "assigner-runs";

  @Inject AssignerConfig config;

  /**
   * Bad settings stop the start with every bad key named, before any part is built from them: the
   * container makes this instance, and so runs this, before it calls any of its producers.
   */
  @PostConstruct
  void check() {
    AssignerConfig.check(config);
  }

  /** aad-pod-identity's metrics: recorded only when their listener is on. */
  @Produces
  @Singleton
  AadMetrics aadMetrics(AssignerConfig config) {
    return config.aadMetrics().port() == 0 ? AadMetrics.off() : AadMetrics.create();
  }

  /** Their listener, started with the application (not on first use: nothing injects it). */
  @Produces
  @Singleton
  @Startup
  AadMetricsEndpoint aadMetricsEndpoint(AssignerConfig config, Vertx vertx, AadMetrics aad) {
    AssignerConfig.AadListener listener = config.aadMetrics();
    return AadMetricsEndpoint.start(vertx, listener.host(), listener.port(), aad::scrape);
  }

  void close(@Disposes AadMetricsEndpoint endpoint) {
    endpoint.close();
  }

  @Produces
  @Singleton
  AssignerMetrics metrics(MeterRegistry registry, AadMetrics aad) {
    return new AssignerMetrics(registry, aad);
  }

  @Produces
  @Singleton
  AzureClients azure(AssignerConfig config, Vertx vertx) {
    AzureClients clients = new AzureClients(config.cloud(), vertx);
    // Pays the SDK's cold start before the first pod needs it, without delaying the start.
    Infrastructure.getDefaultWorkerPool().execute(clients::warmUp);
    return clients;
  }

  @Produces
  @Singleton
  CloudPort cloud(AzureClients clients, AssignerConfig config, AssignerMetrics metrics) {
    return new AzureCloud(
        clients::compute, clients::identities, config.cloud().requestTimeout(), metrics);
  }

  /** Kubernetes is looked up only when enabled: without it the assigner needs no API access. */
  @Produces
  @Singleton
  ClusterPort cluster(
      AssignerConfig config, Instance<KubernetesClient> kubernetes, AssignerMetrics metrics) {
    if (!config.kubernetes().enabled()) {
      return ClusterPort.NONE;
    }
    return new KubernetesCluster(
        kubernetes.get(),
        config.namespaced(),
        config.kubernetes().writesPerSecond(),
        Infrastructure.getDefaultExecutor(),
        metrics);
  }

  void close(@Disposes ClusterPort cluster) {
    if (cluster instanceof KubernetesCluster k) {
      k.close();
    }
  }

  /**
   * Where runs execute. They block on ARM calls (a PATCH can take minutes), so they go to the
   * application's worker pool through a bounded view of it that never takes all its threads (it
   * also serves the input channels). Not a Vert.x worker executor: its threads carry a Vert.x
   * context, and the connector and the SDK hand their answers to that context, which a blocked run
   * would hold.
   */
  @Produces
  @Singleton
  @Identifier(RUNS)
  ExecutorService runs(AssignerConfig config) {
    return ManagedExecutor.builder()
        .maxAsync(config.maxConcurrentRuns())
        .maxQueued(-1)
        .propagated(ThreadContext.NONE)
        .cleared(ThreadContext.ALL_REMAINING)
        .build();
  }

  void shutdown(@Disposes @Identifier(RUNS) ExecutorService runs) {
    runs.shutdown();
  }

  @Produces
  @Singleton
  Pipeline pipeline(
      OutputPort output,
      CloudPort cloud,
      ClusterPort cluster,
      AssignerConfig config,
      AssignerMetrics metrics,
      @Identifier(RUNS) ExecutorService runs,
      AssignerChannels channels,
      Tracing tracing) {
    return new Pipeline(
            output,
            cloud,
            cluster,
            config.namespaced(),
            config,
            metrics,
            config.kafka().handoverTimeout(),
            Infrastructure.getDefaultWorkerPool(),
            runs,
            channels::stopReading,
            tracing)
        .start();
  }

  /** Stops acting; the channels leaving their group hand the targets over. */
  void close(@Disposes Pipeline pipeline) {
    pipeline.close();
  }

  /** What the input channels feed: the engine's inputs, not the engine. */
  @Produces
  InputFeed inputs(Pipeline pipeline) {
    return pipeline.inputs();
  }
}
