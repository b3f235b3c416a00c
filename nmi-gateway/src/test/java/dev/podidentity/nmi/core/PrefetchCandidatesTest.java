package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.ViewState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The candidates of one view: what the authoriser grants now, and eager bindings on this pool. */
public class PrefetchCandidatesTest {
  public static final String NODE = "node-a";
  static final ComputeTarget TARGET = ComputeTarget.scaleSet("sub", "rg", "vmss-a");
  public static final long NOW = 1_000_000L;

  /** A cluster of one node, built record by record as the feed would. */
  public static final class Cluster {
    public final ViewState state = new ViewState(NODE);
    boolean namespaced;
    boolean managed;
    boolean eagerByDefault;

    public Cluster() {
      this(true);
    }

    public Cluster(boolean replayed) {
      state.applyNode(NODE, new NodeRecord(1, NODE, "azure:///x", TARGET, null, "np1", "1"));
      if (replayed) {
        state.markReplayed();
      }
    }

    Cluster identity(String ns, String name, IdentityType type, boolean federated, boolean valid) {
      IdentityRecord id =
          new IdentityRecord(
              1,
              ns,
              name,
              type,
              "/sub/ids/" + name,
              "client-" + name,
              "tenant",
              null,
              null,
              null,
              null,
              false,
              federated,
              valid,
              valid ? null : "no client id",
              "1");
      state.applyConfig(id.key(), id);
      return this;
    }

    public Cluster identity(String ns, String name) {
      return identity(ns, name, IdentityType.USER_ASSIGNED_MSI, false, true);
    }

    public Cluster binding(String ns, String name, String identity, String selector, String eager) {
      BindingRecord b = new BindingRecord(1, ns, name, identity, selector, true, null, eager, "1");
      state.applyConfig(b.key(), b);
      return this;
    }

    public PodRecord pod(
        String ns, String uid, String ip, String selector, Consumer<Map<String, Object>> c) {
      Map<String, Object> o = new HashMap<>(Map.of("phase", PodPhase.RUNNING));
      c.accept(o);
      Map<String, String> labels = new HashMap<>(Map.of("app", "web"));
      if (selector != null) {
        labels.put(PodRecord.BINDING_LABEL, selector);
      }
      PodRecord pod =
          new PodRecord(
              1,
              uid,
              ns,
              "pod-" + uid,
              NODE,
              TARGET,
              List.of(ip),
              (PodPhase) o.get("phase"),
              o.containsKey("deleting"),
              o.containsKey("hostNetwork"),
              labels,
              "web",
              "1");
      state.applyPod(Keys.of(pod), pod);
      return pod;
    }

    /** {@code identity}: its name in the pod's namespace, or {@code namespace/name}. */
    public Cluster assigned(PodRecord pod, String identity, AssignmentState s) {
      String ns = identity.contains("/") ? identity.split("/")[0] : pod.namespace();
      identity = identity.substring(identity.indexOf('/') + 1);
      AssignedIdentity a =
          new AssignedIdentity(
              ns,
              identity,
              "b",
              IdentityType.USER_ASSIGNED_MSI,
              "/sub/ids/" + identity,
              "client-" + identity,
              "principal-" + identity,
              s,
              s == AssignmentState.FAILED ? "quota" : null);
      AssignmentRecord r =
          new AssignmentRecord(1, pod.uid(), pod.namespace(), pod.name(), NODE, TARGET, List.of(a));
      state.applyAssignment(Keys.of(r), r);
      return this;
    }
  }

  /** A bound pod in {@code ns} with identity {@code id} (binding in the same namespace). */
  static Cluster boundPod(String ns, Consumer<Map<String, Object>> pod, AssignmentState s) {
    Cluster c = new Cluster().identity(ns, "id").binding(ns, "b", "id", "sel", null);
    PodRecord p = c.pod(ns, "u1", "10.0.0.1", "sel", pod);
    if (s != null) {
      c.assigned(p, "id", s);
    }
    return c;
  }

  static Arguments row(String name, Cluster cluster, String... expected) {
    return Arguments.of(Named.of(name, cluster), List.of(expected));
  }

  static Stream<Arguments> cases() {
    Consumer<Map<String, Object>> plain = o -> {};
    Cluster namespacedOther =
        new Cluster().identity("other", "id").binding("other", "b", "id", "sel", null);
    namespacedOther.assigned(
        namespacedOther.pod("apps", "u1", "10.0.0.1", "sel", plain),
        "other/id",
        AssignmentState.ASSIGNED);
    namespacedOther.namespaced = true;
    Cluster otherNotNamespaced =
        new Cluster().identity("other", "id").binding("other", "b", "id", "sel", null);
    otherNotNamespaced.assigned(
        otherNotNamespaced.pod("apps", "u1", "10.0.0.1", "sel", plain),
        "other/id",
        AssignmentState.ASSIGNED);
    Cluster excepted = boundPod("apps", plain, AssignmentState.ASSIGNED);
    excepted.state.applyConfig(
        "e", new ExceptionRecord(1, "apps", "skip", Map.of("app", "web"), "1"));
    Cluster managed = boundPod("apps", plain, null);
    managed.managed = true;
    Cluster twoPods = boundPod("apps", plain, AssignmentState.ASSIGNED);
    twoPods.assigned(
        twoPods.pod("apps", "u2", "10.0.0.2", "sel", plain), "id", AssignmentState.ASSIGNED);
    return Stream.of(
        row("assigned bound pod", boundPod("apps", plain, AssignmentState.ASSIGNED), "id u1"),
        row("two pods of one identity: once", twoPods, "id u1"),
        row(
            "host network",
            boundPod("apps", o -> o.put("hostNetwork", true), AssignmentState.ASSIGNED)),
        row(
            "finished",
            boundPod("apps", o -> o.put("phase", PodPhase.SUCCEEDED), AssignmentState.ASSIGNED)),
        row(
            "being deleted",
            boundPod("apps", o -> o.put("deleting", true), AssignmentState.ASSIGNED)),
        row("assignment not seen", boundPod("apps", plain, null)),
        row("assignment in progress", boundPod("apps", plain, AssignmentState.CREATED)),
        row("assignment failed", boundPod("apps", plain, AssignmentState.FAILED)),
        row("an exception's pod", excepted),
        row("managed mode: bound is enough", managed, "id u1"),
        row("identity in another namespace, namespaced", namespacedOther),
        row("identity in another namespace, not namespaced", otherNotNamespaced, "id u1"),
        row("unbound pod", unbound()),
        row(
            "eager on every pool",
            new Cluster().identity("ns", "e").binding("ns", "b", "e", "s", "true"),
            "e -"),
        row(
            "eager on this pool",
            new Cluster().identity("ns", "e").binding("ns", "b", "e", "s", "np0,np1"),
            "e -"),
        row(
            "eager on another pool",
            new Cluster().identity("ns", "e").binding("ns", "b", "e", "s", "np2")),
        row("no annotation, eager by default", eagerByDefault(null, true), "e -"),
        row("no annotation, not eager by default", eagerByDefault(null, false)),
        row("annotated false, eager by default", eagerByDefault("false", true)),
        row(
            "eager, federated",
            new Cluster()
                .identity("ns", "e", IdentityType.USER_ASSIGNED_MSI, true, true)
                .binding("ns", "b", "e", "s", "true")),
        row(
            "eager, service principal",
            new Cluster()
                .identity("ns", "e", IdentityType.SERVICE_PRINCIPAL, false, true)
                .binding("ns", "b", "e", "s", "true")),
        row(
            "eager, invalid identity",
            new Cluster()
                .identity("ns", "e", IdentityType.USER_ASSIGNED_MSI, false, false)
                .binding("ns", "b", "e", "s", "true")),
        row(
            "eager, identity in another namespace",
            new Cluster().identity("other", "e").binding("ns", "b", "e", "s", "true")));
  }

  static Cluster unbound() {
    Cluster c = new Cluster().identity("apps", "id").binding("apps", "b", "id", "sel", null);
    c.pod("apps", "u1", "10.0.0.1", null, o -> {});
    return c;
  }

  static Cluster eagerByDefault(String annotation, boolean byDefault) {
    Cluster c = new Cluster().identity("ns", "e").binding("ns", "b", "e", "s", annotation);
    c.eagerByDefault = byDefault;
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void candidatesAreWhatIsGrantedNowAndEagerIdentitiesOfThisPool(
      Cluster cluster, List<String> expected) {
    List<String> got =
        PrefetchCandidates.of(
                cluster.state.snapshot(NOW),
                new Policy(cluster.namespaced, cluster.managed, 60_000),
                cluster.eagerByDefault,
                NOW)
            .stream()
            .map(c -> c.identity().name() + " " + (c.pod() == null ? "-" : c.pod().uid()))
            .toList();

    assertThat(got).isEqualTo(expected);
  }

  @ParameterizedTest(name = "replayed={0}, age={1} ms")
  @org.junit.jupiter.params.provider.CsvSource({"false,0", "true,60001"})
  void aViewThatMayNotBeActedOnGivesNothing(boolean replayed, long ageMillis) {
    Cluster cluster =
        new Cluster(replayed).identity("ns", "e").binding("ns", "b", "e", "s", "true");
    Policy policy = new Policy(false, false, 60_000);

    assertThat(PrefetchCandidates.of(cluster.state.snapshot(NOW - ageMillis), policy, false, NOW))
        .isEmpty();
    cluster.state.markReplayed();
    assertThat(PrefetchCandidates.of(cluster.state.snapshot(NOW), policy, false, NOW)).hasSize(1);
  }
}
