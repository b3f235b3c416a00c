package dev.podidentity.cli.core;

import dev.podidentity.cli.core.Explanation.Step;
import dev.podidentity.cli.core.Explanation.Verdict;
import dev.podidentity.events.Bindings;
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
  private final FederationFacts federation;
  private final List<Step> steps = new ArrayList<>();

  private ExplanationSteps(
      PodFacts facts, boolean namespaced, Instant now, FederationFacts federation) {
    this.facts = facts;
    this.now = now;
    // Managed mode (no assigner) is not explained: the command explains the assigner's system.
    this.policy = new Policy(namespaced, false, NEVER_STALE);
    this.federation = federation;
  }

  static Explanation explain(
      PodFacts facts, boolean namespaced, Instant now, FederationFacts federation) {
    return new ExplanationSteps(facts, namespaced, now, federation).run();
  }

  static List<String> federated(PodFacts facts, boolean namespaced) {
    // No wait is told here: any instant does.
    ExplanationSteps s =
        new ExplanationSteps(facts, namespaced, Instant.EPOCH, FederationFacts.NOT_READ);
    PodRecord subject = s.subject();
    if (subject == null) {
      return List.of();
    }
    return Authorizer.boundIdentities(s.view(), subject, s.policy).stream()
        .filter(IdentityRecord::federated)
        .map(IdentityRecord::resourceId)
        .filter(Objects::nonNull)
        .toList();
  }

  private Explanation run() {
    View view = view();
    cluster();
    eventLog();
    PodRecord subject = subject();
    if (subject == null) {
      Decision none = new Decision.WaitForPod();
      add(Verdict.PROBLEM, "it runs on no node, so no NMI knows it: " + NmiAnswer.http(none));
      return finish(none, null);
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
    List<IdentityRecord> valid = Authorizer.boundIdentities(view, subject, policy);
    new AssignmentSteps(facts, steps, now).identities(bound, valid);
    FederationSteps federated = new FederationSteps(federation, subject, steps);
    federated.identities(valid);
    if (facts.logged() != null) {
      Decision decision = nmi(view, subject, federated);
      return finish(decision, federated.refusal(decision).orElse(null));
    }
    Decision decision = new Decision.WaitForPod();
    add(
        Verdict.PROBLEM,
        "the NMI on "
            + subject.nodeName()
            + " does not know the pod yet and would answer: "
            + NmiAnswer.http(decision));
    return finish(decision, null);
  }

  /** The explanation ending in {@code decision}, or in Entra's {@code refusal} of its grant. */
  private Explanation finish(Decision decision, String refusal) {
    String pod = facts.pod().toString();
    if (refusal != null) {
      return new Explanation(
          facts.pod(),
          facts.nodeName(),
          steps,
          FederationSteps.refusedAnswer(refusal),
          decision,
          false,
          pod + " does not get a token, because " + refusal);
    }
    return new Explanation(
        facts.pod(),
        facts.nodeName(),
        steps,
        NmiAnswer.http(decision),
        decision,
        NmiAnswer.getsToken(decision),
        NmiAnswer.conclusion(pod, facts.nodeName(), decision));
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
    if (c != null && !c.serviceAccount().equals(p.serviceAccount())) {
      differences.add(
          "service account "
              + p.serviceAccount()
              + " in the log, "
              + c.serviceAccount()
              + " in the cluster");
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
    return c.unpublished();
  }

  private Decision nmi(View view, PodRecord pod, FederationSteps federated) {
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
        federated.refusal(decision).isPresent() ? Verdict.PROBLEM : NmiAnswer.verdict(decision),
        "the NMI on " + node + " would answer now: " + answer(decision, federated));
    if (valid.size() > 1) {
      for (IdentityRecord id : valid) {
        Decision named =
            Authorizer.decideForPod(
                view, pod, new TokenRequest(ip, RESOURCE, id.clientId(), null, null), policy);
        add(
            federated.refusal(named).isPresent() ? Verdict.PROBLEM : NmiAnswer.verdict(named),
            "asked for client_id "
                + id.clientId()
                + ", it would answer: "
                + answer(named, federated));
      }
    }
    return decision;
  }

  private static String answer(Decision decision, FederationSteps federated) {
    return federated
        .refusal(decision)
        .map(FederationSteps::refusedAnswer)
        .orElseGet(() -> NmiAnswer.http(decision));
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
