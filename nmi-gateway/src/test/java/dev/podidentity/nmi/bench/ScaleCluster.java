package dev.podidentity.nmi.bench;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.EventSerializer;
import dev.podidentity.nmi.it.TestCluster;
import dev.podidentity.testsupport.kafka.EventPublisher;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A cluster at AKS's limits as the topics hold it, with the benchmark's NMI on one of its nodes:
 * {@code nodes} nodes on {@code targets} scale sets, {@code pods} pods spread evenly over them,
 * each bound (its own binding) and assigned, {@code identities} identities and bindings. The
 * benchmark's node carries {@code perNode} pods (AKS's maximum is 250) with loopback addresses
 * (127.1.x.y) bound through bindings {@code own-k} to one identity its VM holds in the simulator.
 * Every record goes out through the watcher's partitioner, so the NMI's partition holds the share
 * of pods and assignments a real one would: the scale sets that hash to it.
 */
final class ScaleCluster {
  final int nodes;
  final int targets;
  final int pods;
  final int identities;
  final int perNode;
  final String node = "bench-" + UUID.randomUUID().toString().substring(0, 6);
  final String sub = UUID.randomUUID().toString();
  final ComputeTarget target = ComputeTarget.scaleSet(sub, "rg", node);
  String imds;
  private Map<String, Object> mi;

  ScaleCluster(int nodes, int targets, int pods, int identities, int perNode) {
    this.nodes = nodes;
    this.targets = targets;
    this.pods = pods;
    this.identities = identities;
    this.perNode = perNode;
  }

  /** Publishes everything; returns the number of records. */
  @SuppressWarnings("unchecked")
  long publish() {
    Map<String, Object> vmss = TestCluster.sim().admin().addScaleSet(sub, "rg", node, 1);
    imds = (String) ((List<Map<String, Object>>) vmss.get("vms")).get(0).get("imdsEndpoint");
    mi = TestCluster.sim().admin().createIdentity(sub, "rg", "bench-id");
    TestCluster.sim()
        .admin()
        .assignIdentities((String) vmss.get("id"), List.of((String) mi.get("id")), false);
    long sent = 0;
    try (KafkaProducer<String, Event> producer = producer()) {
      send(producer, Topics.NODES, node, new NodeRecord(1, node, "azure:///x", target, null, "1"));
      IdentityRecord benchId = identity("bench-id");
      send(producer, Topics.CONFIG, benchId.key(), benchId);
      for (int k = 0; k < perNode; k++) {
        BindingRecord b = binding("own-" + k, "bench-id", "own-" + k);
        send(producer, Topics.CONFIG, b.key(), b);
        sent += 2 + publishPod(producer, node, target, ownIp(k), "own-" + k, "bench-id", b.name());
      }
      for (int i = 0; i < identities; i++) {
        IdentityRecord id = identity("id-" + i);
        BindingRecord b = binding("b-" + i, id.name(), "sel-" + i);
        send(producer, Topics.CONFIG, id.key(), id);
        send(producer, Topics.CONFIG, b.key(), b);
        sent += 2;
      }
      for (int n = 0; n < nodes; n++) {
        send(
            producer,
            Topics.NODES,
            "node-" + n,
            new NodeRecord(1, "node-" + n, "azure:///x", scaleSet(n), null, "1"));
        sent++;
      }
      for (int p = 0; p < pods - perNode; p++) {
        int n = p % nodes;
        String ip = "10." + (p >> 16 & 255) + "." + (p >> 8 & 255) + "." + (p & 255);
        int id = p % identities;
        sent +=
            publishPod(producer, "node-" + n, scaleSet(n), ip, "sel-" + id, "id-" + id, "b-" + id);
      }
      producer.flush();
    }
    return sent;
  }

  /** The binding of the benchmark node's pod {@code k}, deleted to see the NMI refuse it. */
  String ownBindingKey(int k) {
    return binding("own-" + k, "bench-id", "own-" + k).key();
  }

  static String ownIp(int k) {
    return "127.1." + (k / 250) + "." + (k % 250 + 1);
  }

  private ComputeTarget scaleSet(int node) {
    return ComputeTarget.scaleSet(sub, "rg", "vmss-" + (node % targets));
  }

  private int publishPod(
      KafkaProducer<String, Event> producer,
      String nodeName,
      ComputeTarget t,
      String ip,
      String selector,
      String identity,
      String binding) {
    String uid = UUID.randomUUID().toString();
    PodRecord pod =
        new PodRecord(
            1,
            uid,
            "default",
            "pod-" + ip,
            nodeName,
            t,
            List.of(ip),
            PodPhase.RUNNING,
            false,
            false,
            Map.of("aadpodidbinding", selector),
            "1");
    send(producer, Topics.PODS, Keys.of(pod), pod);
    AssignedIdentity assigned =
        new AssignedIdentity(
            "default",
            identity,
            binding,
            IdentityType.USER_ASSIGNED_MSI,
            (String) mi.get("id"),
            (String) mi.get("clientId"),
            (String) mi.get("principalId"),
            AssignmentState.ASSIGNED,
            null);
    send(
        producer,
        Topics.ASSIGNMENTS,
        Keys.pod(t, uid),
        new AssignmentRecord(1, uid, "default", pod.name(), nodeName, t, List.of(assigned)));
    return 2;
  }

  private IdentityRecord identity(String name) {
    return TestCluster.userAssigned("default", name, mi);
  }

  private static BindingRecord binding(String name, String identity, String selector) {
    return new BindingRecord(1, "default", name, identity, selector, true, null, "1");
  }

  static void send(KafkaProducer<String, Event> producer, String topic, String key, Event value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  static KafkaProducer<String, Event> producer() {
    return EventPublisher.asTheWatcher(new StringSerializer(), new EventSerializer());
  }
}
