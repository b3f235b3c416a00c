package dev.podidentity.cli.core;

import dev.podidentity.cli.core.Explanation.Step;
import dev.podidentity.cli.core.Explanation.Verdict;
import dev.podidentity.events.Bindings;
import dev.podidentity.events.Event;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Authorizer;
import dev.podidentity.events.authorization.Decision;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.events.authorization.View;
import dev.podidentity.events.authorization.ViewState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The steps of an {@link Explanation}, in the order the system meets a pod: the cluster, the
 * watcher's copy, the pod's own state, exceptions, its label, the bindings, the identities and
 * their assignment, and last the NMI's answer. Every rule is the system's own ({@code Bindings},
 * the NMI's {@code Authorizer} and {@code ViewState}); this class only says what they found.
 */
final class ExplanationSteps {
  /** Any resource: the decision never depends on it. */
  static final String RESOURCE = "https://management.azure.com/";

  /** Staleness is not judged here: the view is built from a whole read of the topics. */
  private static final long NEVER_STALE = Long.MAX_VALUE;

  private final PodFacts facts;
  private final Policy policy;
  private final Instant now;
  private final List<Step> steps = new ArrayList<>();

  private ExplanationSteps(PodFacts facts, boolean namespaced, Instant now) {
    this.facts = facts;
    this.now = now;
    // Managed mode (no assigner) is not explained: the command explains the assigner's system.
    this.policy = new Policy(namespaced, false, NEVER_STALE);
  }

  static Explanation explain(PodFacts facts, boolean namespaced, Instant now) {
    return new ExplanationSteps(facts, namespaced, now).run();
  }

  private Explanation run() {
    String pod = facts.pod().toString();
    View view = view();
    cluster();
    eventLog();
    PodRecord subject = subject();
    if (subject == null) {
      Decision none = new Decision.WaitForPod();
      add(Verdict.PROBLEM, "it runs on no node, so no NMI knows it: " + NmiAnswer.http(none));
      return finish(none, NmiAnswer.conclusion(pod, facts.nodeName(), none));
    }
    add(
        subject.active() ? Verdict.OK : Verdict.PROBLEM,
        subject.active()
            ? "it is active (phase " + phaseText(subject) + ")"
            : "it is terminating or finished (phase "
                + phaseText(subject)
                + "): finished pods hold no identities");
    add(
        subject.hostNetwork() ? Verdict.PROBLEM : Verdict.OK,
        subject.hostNetwork()
            ? "it uses the host network: the NMI never authorises host-network pods by source IP"
                + " (they share the node's IP)"
            : "it does not use the host network");
    String exception = Authorizer.matchingException(view, subject);
    add(
        exception == null ? Verdict.OK : Verdict.INFO,
        exception == null
            ? "no AzurePodIdentityException in " + subject.namespace() + " matches its labels"
            : "AzurePodIdentityException "
                + subject.namespace()
                + "/"
                + exception
                + " matches its labels: the NMI forwards its requests to IMDS unchecked");
    List<Bindings.Bound> bound = new BindingSteps(facts, policy, steps).bindings(view, subject);
    new AssignmentSteps(facts, steps, now)
        .identities(bound, Authorizer.boundIdentities(view, subject, policy));
    Decision decision;
    if (facts.logged() != null) {
      decision = nmi(view, subject);
    } else {
      decision = new Decision.WaitForPod();
      add(
          Verdict.PROBLEM,
          "the NMI on "
              + subject.nodeName()
              + " does not know the pod yet and would answer: "
              + NmiAnswer.http(decision));
    }
    return finish(decision, NmiAnswer.conclusion(pod, facts.nodeName(), decision));
  }

  private Explanation finish(Decision decision, String conclusion) {
    return new Explanation(
        facts.pod(), facts.nodeName(), steps, NmiAnswer.http(decision), decision, conclusion);
  }

  /** The NMI's view of the pod's node, fed with the same records the NMI reads. */
  private View view() {
    ViewState state = new ViewState(Objects.requireNonNullElse(facts.nodeName(), ""));
    if (facts.node() != null) {
      state.applyNode(facts.node().name(), facts.node());
    }
    facts.config().forEach(state::applyConfig);
    facts.nodePods().forEach(state::applyPod);
    facts.nodeAssignments().forEach(state::applyAssignment);
    state.markReplayed();
    return state.snapshot(0L);
  }

  private void cluster() {
    ClusterPod c = facts.cluster();
    if (c == null) {
      add(
          Verdict.PROBLEM,
          "the cluster has no pod " + facts.pod() + ": explaining from the event log alone");
      return;
    }
    if (c.nodeName() == null) {
      add(Verdict.PROBLEM, "the cluster has it (uid " + c.uid() + ") but it is not scheduled");
      return;
    }
    add(
        Verdict.OK,
        "the cluster has it: uid "
            + c.uid()
            + ", node "
            + c.nodeName()
            + ", phase "
            + c.phase()
            + (c.podIps().isEmpty() ? ", no IP yet" : ", IP " + String.join(", ", c.podIps())));
  }

  private void eventLog() {
    PodRecord p = facts.logged();
    if (p == null) {
      add(
          Verdict.PROBLEM,
          "the event log has no record of it: the watcher has not published it (not scheduled"
              + " yet, or the watcher is not running)");
      return;
    }
    ClusterPod c = facts.cluster();
    List<String> differences = new ArrayList<>();
    if (c != null && !Objects.equals(c.nodeName(), p.nodeName())) {
      differences.add("node " + p.nodeName() + " in the log, " + c.nodeName() + " in the cluster");
    }
    if (c != null && !c.labels().equals(p.labels())) {
      differences.add("labels " + p.labels() + " in the log, " + c.labels() + " in the cluster");
    }
    add(
        Verdict.OK,
        "the event log has it: uid "
            + p.uid()
            + ", node "
            + p.nodeName()
            + ", phase "
            + phaseText(p));
    if (!differences.isEmpty()) {
      add(
          Verdict.PROBLEM,
          "the watcher's copy is behind the cluster ("
              + String.join("; ", differences)
              + "): the NMI and the assigner act on the log's");
    }
  }

  /** The pod as the NMI knows it, or the cluster's pod when the log has none yet. */
  private PodRecord subject() {
    if (facts.logged() != null) {
      return facts.logged();
    }
    ClusterPod c = facts.cluster();
    if (c == null || c.nodeName() == null) {
      return null;
    }
    // Not published yet: the rules below still say what they will find once it is.
    PodPhase phase = PodPhase.UNKNOWN;
    for (PodPhase p : PodPhase.values()) {
      if (p.name().equalsIgnoreCase(c.phase())) {
        phase = p;
      }
    }
    return new PodRecord(
        Event.CURRENT_SCHEMA_VERSION,
        c.uid(),
        c.namespace(),
        c.name(),
        c.nodeName(),
        null,
        c.podIps(),
        phase,
        c.deleting(),
        c.hostNetwork(),
        c.labels(),
        null);
  }

  private Decision nmi(View view, PodRecord pod) {
    String ip = pod.podIps().isEmpty() ? null : pod.podIps().get(0);
    if (ip != null && !pod.hostNetwork()) {
      PodRecord owner = view.podsByIp().get(ip);
      if (owner != null && !owner.uid().equals(pod.uid())) {
        add(
            Verdict.PROBLEM,
            "its IP "
                + ip
                + " belongs to pod "
                + owner.namespace()
                + "/"
                + owner.name()
                + " in the NMI's view: requests from it are answered for that pod");
      }
    }
    List<IdentityRecord> valid = Authorizer.boundIdentities(view, pod, policy);
    Decision decision =
        Authorizer.decideForPod(
            view, pod, new TokenRequest(ip, RESOURCE, null, null, null), policy);
    String node = pod.nodeName();
    add(
        NmiAnswer.verdict(decision),
        "the NMI on " + node + " would answer now: " + NmiAnswer.http(decision));
    if (valid.size() > 1) {
      for (IdentityRecord id : valid) {
        Decision named =
            Authorizer.decideForPod(
                view, pod, new TokenRequest(ip, RESOURCE, id.clientId(), null, null), policy);
        add(
            NmiAnswer.verdict(named),
            "asked for client_id " + id.clientId() + ", it would answer: " + NmiAnswer.http(named));
      }
    }
    return decision;
  }

  private void add(Verdict verdict, String text) {
    steps.add(new Step(verdict, text));
  }

  private static String phaseText(PodRecord p) {
    String phase = p.phase() == PodPhase.UNKNOWN ? "Unknown" : p.phase().name();
    String spelt = phase.charAt(0) + phase.substring(1).toLowerCase(Locale.ROOT);
    return p.deleting() ? spelt + ", being deleted" : spelt;
  }
}
