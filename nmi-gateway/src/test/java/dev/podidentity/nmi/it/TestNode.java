package dev.podidentity.nmi.it;

import static org.awaitility.Awaitility.await;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.SecretRef;
import dev.podidentity.events.Topics;
import dev.podidentity.nmi.NmiWiring;
import dev.podidentity.nmi.adapter.entra.EntraTokenSource;
import dev.podidentity.nmi.adapter.imds.ImdsHttpClient;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.config.NmiConfigCheck;
import dev.podidentity.nmi.engine.NmiNode;
import dev.podidentity.nmi.metrics.AadMetrics;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.FeedControl;
import dev.podidentity.nmi.port.FirstGrants;
import dev.podidentity.nmi.port.SecretReader;
import dev.podidentity.nmi.port.ServiceAccountTokens;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated node: a scale set with one VM in the simulator, its NodeRecord on the nodes topic,
 * and an {@link NmiNode} whose IMDS is that VM's. Helpers publish pods, identities, bindings and
 * assignments as the watcher and assigner would, and make requests from a pod's IP (the client
 * binds that source address).
 */
final class TestNode implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();

  final String name;
  final String subscription = UUID.randomUUID().toString();
  final String resourceGroup = "rg";
  final ComputeTarget target;
  final String scaleSetId;
  final String vmName;
  final String imdsEndpoint;
  final NmiNode nmi;
  final TestFeed feed;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** aad-pod-identity's metrics, as the application records them when their listener is on. */
  final AadMetrics aad = AadMetrics.create();

  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final List<Part> parts = new ArrayList<>();

  /** An adapter this node closes when it closes, as the container closes the application's. */
  private interface Part extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A node wired as the application wires its own, from the same producers, on the test's Vert.x
   * and with its own feed; {@code secrets} null: no Secrets can be read; {@code accounts} null: no
   * service-account tokens can be made.
   */
  NmiNode build(
      MeterRegistry registry,
      NmiConfig settings,
      FeedControl feed,
      SecretReader secrets,
      ServiceAccountTokens accounts) {
    NmiWiring wiring = new NmiWiring();
    NmiMetrics metrics = new NmiMetrics(registry, aad);
    ImdsHttpClient imds = wiring.imds(TestCluster.vertx(), settings, metrics);
    parts.add(imds::close);
    Optional<EntraTokenSource> sp =
        wiring.servicePrincipals(
            TestCluster.vertx(), settings, Optional.ofNullable(secrets), metrics);
    sp.ifPresent(e -> parts.add(e::close));
    return new NmiNode(
        TestCluster.vertx(),
        settings,
        metrics,
        feed,
        NmiWiring.tokenSources(settings, imds, sp, Optional.ofNullable(accounts)),
        imds,
        FirstGrants.NONE);
  }

  /**
   * A started node whose view has been replayed; {@code settings} ("nmi.namespaced", "true", ...)
   * over the test defaults.
   */
  static TestNode start(String... settings) {
    return new TestNode(null, null, settings);
  }

  /** A started node that reads service principals' Secrets through {@code secrets}. */
  static TestNode start(SecretReader secrets, String... settings) {
    return new TestNode(secrets, null, settings);
  }

  /** A started node that makes pods' service-account tokens through {@code accounts}. */
  static TestNode start(ServiceAccountTokens accounts, String... settings) {
    return new TestNode(null, accounts, settings);
  }

  @SuppressWarnings("unchecked")
  private TestNode(SecretReader secrets, ServiceAccountTokens accounts, String... overrides) {
    int n = SEQ.incrementAndGet();
    String scaleSet = "vmss-" + UUID.randomUUID().toString().substring(0, 8);
    name = scaleSet + "-node-" + n;
    Map<String, Object> vmss =
        TestCluster.sim().admin().addScaleSet(subscription, resourceGroup, scaleSet, 1);
    scaleSetId = (String) vmss.get("id");
    Map<String, Object> vm = ((List<Map<String, Object>>) vmss.get("vms")).get(0);
    vmName = (String) vm.get("name");
    imdsEndpoint = (String) vm.get("imdsEndpoint");
    target = ComputeTarget.scaleSet(subscription, resourceGroup, scaleSet);
    TestCluster.publish(
        Topics.NODES, name, new NodeRecord(1, name, "azure:///" + vmName, target, null, "1"));
    List<String> all =
        new ArrayList<>(
            List.of(
                "nmi.node-name", name,
                "nmi.imds.url", imdsEndpoint,
                "nmi.server.port", "0",
                "nmi.waits.unknown-pod", "500ms",
                "nmi.kafka.confirm-interval", "200ms",
                // Summed hits are written when a test flushes them, never by a tick mid-test.
                "nmi.request-log.hit-interval", "1h"));
    all.addAll(List.of(overrides));
    NmiConfig settings =
        NmiConfigCheck.check(ConfigMappings.of(NmiConfig.class, all.toArray(String[]::new)));
    feed = new TestFeed(TestCluster.bootstrap());
    nmi = build(registry, settings, feed, secrets, accounts);
    feed.feed(nmi.feed());
    get(nmi.start());
    await().atMost(Duration.ofSeconds(30)).until(nmi::viewReady);
  }

  static <T> T get(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the cluster as the watcher and assigner would publish it

  PodRecord pod(String ip, String namespace, String selector) {
    return pod(ip, namespace, selector, false, Map.of());
  }

  PodRecord pod(
      String ip,
      String namespace,
      String selector,
      boolean hostNetwork,
      Map<String, String> extra) {
    String uid = UUID.randomUUID().toString();
    Map<String, String> labels = new java.util.HashMap<>(extra);
    labels.put("app", "demo");
    if (selector != null) {
      labels.put(PodRecord.BINDING_LABEL, selector);
    }
    PodRecord pod =
        new PodRecord(
            1,
            uid,
            namespace,
            "pod-" + uid.substring(0, 8),
            name,
            target,
            List.of(ip),
            PodPhase.RUNNING,
            false,
            hostNetwork,
            labels,
            "1");
    TestCluster.publish(Topics.PODS, Keys.of(pod), pod);
    return pod;
  }

  /** Creates a user-assigned identity in the simulator and publishes its AzureIdentity. */
  Identity identity(String namespace, String name, boolean onScaleSet) {
    Map<String, Object> mi =
        TestCluster.sim()
            .admin()
            .createIdentity(subscription, resourceGroup, name + "-" + UUID.randomUUID());
    String id = (String) mi.get("id");
    if (onScaleSet) {
      putOnScaleSet(id);
    }
    IdentityRecord record = TestCluster.userAssigned(namespace, name, mi);
    TestCluster.publish(Topics.CONFIG, record.key(), record);
    return new Identity(record, (String) mi.get("principalId"));
  }

  /** Publishes a service-principal AzureIdentity (type 1 or 2) whose credential is in a Secret. */
  Identity servicePrincipal(
      String namespace, String name, IdentityType type, String clientId, SecretRef secret) {
    IdentityRecord record =
        new IdentityRecord(
            1,
            namespace,
            name,
            type,
            null,
            clientId,
            TestCluster.sim().tenantId(),
            secret,
            null,
            null,
            TestCluster.sim().armUrl(),
            false,
            true,
            null,
            "1");
    TestCluster.publish(Topics.CONFIG, record.key(), record);
    return new Identity(record, null);
  }

  /** What the assigner's PATCH would do: the identity joins the scale set. */
  void putOnScaleSet(String identityId) {
    List<String> ids = new ArrayList<>(TestCluster.sim().admin().identitiesOf(scaleSetId));
    ids.add(identityId);
    TestCluster.sim().admin().assignIdentities(scaleSetId, ids, false);
  }

  BindingRecord bind(String namespace, String bindingName, String identityName, String selector) {
    return bind(namespace, bindingName, identityName, selector, null);
  }

  /** A binding with the eager annotation's value ({@code "true"}, pool names, or null: none). */
  BindingRecord bind(
      String namespace, String bindingName, String identityName, String selector, String eager) {
    BindingRecord b =
        new BindingRecord(
            1, namespace, bindingName, identityName, selector, true, null, eager, "1");
    TestCluster.publish(Topics.CONFIG, b.key(), b);
    return b;
  }

  void unbind(BindingRecord b) {
    TestCluster.publish(Topics.CONFIG, b.key(), null);
  }

  void exception(String namespace, String name, Map<String, String> labels) {
    ExceptionRecord e = new ExceptionRecord(1, namespace, name, labels, "1");
    TestCluster.publish(Topics.CONFIG, e.key(), e);
  }

  void assign(PodRecord pod, AssignmentState state, Identity... ids) {
    List<AssignedIdentity> list = new ArrayList<>();
    for (Identity id : ids) {
      list.add(
          new AssignedIdentity(
              id.record().namespace(),
              id.record().name(),
              "binding",
              id.record().type(),
              id.record().resourceId(),
              id.record().clientId(),
              id.principalId(),
              state,
              state == AssignmentState.FAILED ? "FailedIdentityOperation: quota" : null));
    }
    AssignmentRecord a =
        new AssignmentRecord(1, pod.uid(), pod.namespace(), pod.name(), name, target, list);
    TestCluster.publish(Topics.ASSIGNMENTS, Keys.of(a), a);
  }

  /** A bound pod whose identity is assigned: the usual happy path in one call. */
  BoundPod boundPod(String ip, String namespace) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Identity id = identity(namespace, "id-" + suffix, true);
    bind(namespace, "bind-" + suffix, id.record().name(), "sel-" + suffix);
    PodRecord pod = pod(ip, namespace, "sel-" + suffix);
    assign(pod, AssignmentState.ASSIGNED, id);
    return new BoundPod(pod, id);
  }

  /** Waits until the node's view shows {@code pod} (under its IP). */
  void awaitPod(PodRecord pod) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> pod.equals(nmi.view().current().podsByIp().get(pod.podIps().get(0))));
  }

  void awaitAssignment(PodRecord pod, AssignmentState state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              AssignmentRecord a = nmi.view().current().assignmentsByPodUid().get(pod.uid());
              return a != null && a.identities().stream().allMatch(i -> i.state() == state);
            });
  }

  // ---- requests from a pod's IP

  HttpClient client(String sourceIp) {
    return clients.computeIfAbsent(
        sourceIp,
        ip ->
            TestCluster.vertx()
                .createHttpClient(
                    new HttpClientOptions()
                        .setLocalAddress(ip)
                        .setConnectTimeout(5_000)
                        .setIdleTimeout(30)
                        .setMaxPoolSize(1_000)
                        .setMaxWaitQueueSize(-1)));
  }

  Future<Answer> request(String sourceIp, String pathAndQuery, boolean metadata) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(nmi.port())
            .setURI(pathAndQuery)
            .setTimeout(30_000);
    if (metadata) {
      o.putHeader("Metadata", "true");
    }
    return exchange(client(sourceIp), o);
  }

  /**
   * One request and its whole answer. The chain is built on an event loop, not on the test's
   * thread: a callback added from another thread to a future that has already completed runs on
   * that thread, so {@code body()} could be asked for after the body arrived, and Vert.x would then
   * hand over an empty body (seen as a 503 with no JSON, once in many runs).
   */
  static Future<Answer> exchange(HttpClient client, RequestOptions o) {
    Promise<Answer> answer = Promise.promise();
    TestCluster.vertx()
        .getOrCreateContext()
        .runOnContext(
            v ->
                client
                    .request(o)
                    .compose(
                        req ->
                            req.send()
                                .compose(
                                    r ->
                                        r.body()
                                            .map(b -> new Answer(r.statusCode(), r.headers(), b))))
                    .onComplete(answer));
    return answer.future();
  }

  Answer token(String sourceIp, String query) {
    return get(request(sourceIp, "/metadata/identity/oauth2/token?" + query, true));
  }

  /** Open connections of the node's token endpoint, as its metrics show them. */
  double connections() {
    return registry.get("podidentity.nmi.connections").gauge().value();
  }

  long imdsTokens() {
    return TestCluster.sim().admin().imdsCount(vmName, "tokens");
  }

  @Override
  public void close() {
    get(nmi.stop());
    parts.forEach(Part::close);
    feed.close();
    clients.values().forEach(HttpClient::close);
    TestCluster.publish(Topics.NODES, name, null);
  }

  record Identity(IdentityRecord record, String principalId) {
    String clientId() {
      return record.clientId();
    }
  }

  record BoundPod(PodRecord pod, Identity identity) {
    String ip() {
      return pod.podIps().get(0);
    }
  }

  record Answer(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }
}
