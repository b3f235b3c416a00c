package dev.podidentity.assigner;

import dev.podidentity.assigner.adapter.azure.AzureClients;
import dev.podidentity.assigner.adapter.azure.AzureCloud;
import dev.podidentity.assigner.adapter.kubernetes.KubernetesCluster;
import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.Protection;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.reconcile.AssignerMetrics;
import dev.podidentity.assigner.reconcile.ReconcileOptions;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TopicCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the assigner's pipeline with the application and stops it with it. */
@ApplicationScoped
public class AssignerService {
  private static final Logger LOG = Logger.getLogger(AssignerService.class);

  @Inject AssignerConfig config;
  @Inject Vertx vertx;
  @Inject MeterRegistry registry;
  @Inject Instance<KubernetesClient> kubernetes;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private Pipeline pipeline;
  private KubernetesCluster cluster;

  void start(@Observes StartupEvent event) throws Exception {
    Map<String, Object> kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(kafka)) {
      TopicCheck.require(
          admin,
          List.of(
              Topics.spec(Topics.PODS),
              Topics.spec(Topics.CONFIG),
              Topics.spec(Topics.ASSIGNMENTS),
              Topics.spec(Topics.LEDGER)),
          30_000);
    }
    ClusterPort clusterPort = ClusterPort.NONE;
    if (config.kubernetes().enabled()) {
      cluster = new KubernetesCluster(kubernetes.get(), config.kubernetes().writesPerSecond());
      clusterPort = cluster;
    }
    AzureClients clients = new AzureClients(config.cloud(), vertx);
    Thread warmUp = new Thread(() -> clients.warmUp(), "assigner-cloud-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    AzureCloud cloud = new AzureCloud(clients::compute, config.cloud().requestTimeout());
    pipeline =
        new Pipeline(
                kafka,
                config.kafka().groupId(),
                "assigner-service/" + InetAddress.getLocalHost().getHostName(),
                cloud,
                clusterPort,
                config.namespaced(),
                options(),
                new AssignerMetrics(registry),
                config.kafka().handoverTimeout())
            .start();
    LOG.infof(
        "assigner started: group %s, namespaced=%s, linger=%s",
        config.kafka().groupId(), config.namespaced(), config.linger());
  }

  public ReconcileOptions options() {
    List<String> protectedIds = new ArrayList<>(config.immutableIdentities().orElse(List.of()));
    config.clusterIdentity().ifPresent(protectedIds::add);
    var b = config.budget();
    return ReconcileOptions.builder()
        .protection(new Protection(protectedIds))
        .linger(config.linger())
        .quarantineRetry(config.quarantineRetry())
        .driftInterval(config.driftInterval())
        .batchWindow(config.batchWindow(), config.batchMax())
        .budgets(b.targetBurst(), b.targetPerMinute(), b.subscriptionPerMinute())
        .build();
  }

  void stop(@Observes ShutdownEvent event) {
    if (pipeline != null) {
      pipeline.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  public boolean ready() {
    return pipeline != null && pipeline.ready();
  }

  public Pipeline pipeline() {
    return pipeline;
  }
}
