package dev.podidentity.cli.core;

import dev.podidentity.cli.core.Explanation.Step;
import dev.podidentity.cli.core.Explanation.Verdict;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Decision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The federation half of an {@link Explanation}: for each federated identity of the pod, the
 * service account whose token the NMI exchanges, and whether the identity has a federated
 * credential Entra would match to it. A missing one turns the NMI's grant into Entra's refusal,
 * which is what the pod would get.
 */
final class FederationSteps {
  private final FederationFacts facts;
  private final PodRecord pod;
  private final List<Step> steps;

  /** The refusal per federated identity (namespace/name) whose credential is known missing. */
  private final Map<String, String> refusals = new HashMap<>();

  FederationSteps(FederationFacts facts, PodRecord pod, List<Step> steps) {
    this.facts = facts;
    this.pod = pod;
    this.steps = steps;
  }

  /** A step for each federated identity among {@code valid} (the NMI's bound, valid ones). */
  void identities(List<IdentityRecord> valid) {
    for (IdentityRecord id : valid) {
      if (id.federated()) {
        identity(id);
      }
    }
  }

  private void identity(IdentityRecord id) {
    String name = id.namespace() + "/" + id.name();
    String subject = Federation.subject(pod.namespace(), pod.serviceAccount());
    String comes =
        name
            + "'s tokens come by federation for service account "
            + pod.namespace()
            + "/"
            + pod.serviceAccount();
    if (facts.issuer() == null) {
      add(
          Verdict.INFO,
          comes
              + " (subject "
              + subject
              + "); its federated credentials were not checked: the cluster's issuer is unknown ("
              + facts.issuerUnknown()
              + ")");
      return;
    }
    Optional<FederationFacts.Credentials> read = facts.of(id.resourceId());
    if (read.isEmpty() || read.get().unreadable() != null) {
      add(
          Verdict.INFO,
          comes
              + " (subject "
              + subject
              + "); whether it has a federated credential for issuer "
              + facts.issuer()
              + " was not checked: "
              + read.map(FederationFacts.Credentials::unreadable).orElse("not read"));
      return;
    }
    Optional<FederatedCredential> match =
        Federation.matching(read.get().list(), facts.issuer(), subject);
    if (match.isPresent()) {
      add(
          Verdict.OK,
          comes
              + ": federated credential "
              + match.get().name()
              + " matches issuer "
              + facts.issuer()
              + " subject "
              + subject);
      return;
    }
    String refusal = Federation.noCredential(facts.issuer(), subject);
    refusals.put(name, refusal);
    add(Verdict.PROBLEM, comes + ", but it has " + refusal + ": Entra would refuse the exchange");
  }

  /** Entra's refusal behind the NMI's {@code decision}, when it grants a federated identity. */
  Optional<String> refusal(Decision decision) {
    if (decision instanceof Decision.Grant g) {
      return Optional.ofNullable(
          refusals.get(g.identity().namespace() + "/" + g.identity().name()));
    }
    return Optional.empty();
  }

  /** The NMI's answer when Entra refuses the exchange (its {@code federated_refused} outcome). */
  static String refusedAnswer(String refusal) {
    return "403 (federated_refused): Entra refused the federated identity: " + refusal;
  }

  private void add(Verdict verdict, String text) {
    steps.add(new Step(verdict, text));
  }
}
