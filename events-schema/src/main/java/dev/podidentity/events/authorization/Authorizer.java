package dev.podidentity.events.authorization;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.Bindings;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which identity, if any, a source IP may have for one request: invariant 1 ("no wrong token") as a
 * pure function. The NMI reads bindings and identities itself and never trusts the assignment
 * alone, so a binding deleted after assignment stops grants at once.
 */
public final class Authorizer {
  private Authorizer() {}

  /** Decides {@code request} against {@code view} at {@code nowMillis}. */
  public static Decision decide(View view, TokenRequest request, Policy policy, long nowMillis) {
    Decision.Stale stale = staleness(view, policy, nowMillis);
    if (stale != null) {
      return stale;
    }
    PodRecord pod = view.podsByIp().get(request.sourceIp());
    if (pod == null) {
      return view.hostNetworkIps().contains(request.sourceIp())
          ? new Decision.Deny(
              DenyReason.HOST_NETWORK, "host-network pods are never authorised by source IP")
          : new Decision.WaitForPod();
    }
    return decideForPod(view, pod, request, policy);
  }

  /** Decides for a pod already identified (by IP, or by name on the host-token path). */
  public static Decision decideForPod(
      View view, PodRecord pod, TokenRequest request, Policy policy) {
    if (pod.hostNetwork()) {
      return new Decision.Deny(
          DenyReason.HOST_NETWORK, "host-network pods are never authorised by source IP");
    }
    if (!pod.active()) {
      return new Decision.Deny(
          DenyReason.POD_NOT_ACTIVE,
          "pod " + pod.namespace() + "/" + pod.name() + " is terminating or finished");
    }
    String exception = matchingException(view, pod);
    if (exception != null) {
      return new Decision.Bypass(pod, exception);
    }
    List<IdentityRecord> bound = boundIdentities(view, pod, policy);
    if (bound.isEmpty()) {
      return new Decision.Deny(
          DenyReason.NOT_BOUND,
          "pod " + pod.namespace() + "/" + pod.name() + " is bound to no AzureIdentity");
    }
    AssignmentRecord assignment = view.assignmentsByPodUid().get(pod.uid());
    IdentityRecord chosen = choose(view, bound, request, assignment);
    if (chosen == null) {
      if (request.objectId() != null
          && !policy.managed()
          && !allAssigned(view, bound, assignment)) {
        // The object id is learnt from the cloud on assignment; it may still match.
        return new Decision.WaitForAssignment(pod, "object_id " + request.objectId());
      }
      return new Decision.Deny(
          DenyReason.IDENTITY_NOT_BOUND,
          "pod " + pod.namespace() + "/" + pod.name() + " is not bound to the requested identity");
    }
    if (policy.managed() || grantedWithoutAssignment(chosen)) {
      return new Decision.Grant(pod, new BoundIdentity(chosen, null));
    }
    AssignedIdentity state = stateOf(view, chosen, assignment);
    if (state == null || state.state() == AssignmentState.CREATED) {
      return new Decision.WaitForAssignment(pod, chosen.namespace() + "/" + chosen.name());
    }
    if (state.state() == AssignmentState.FAILED) {
      return new Decision.Deny(
          DenyReason.ASSIGNMENT_FAILED,
          "identity "
              + chosen.namespace()
              + "/"
              + chosen.name()
              + " could not be assigned: "
              + state.reason());
    }
    return new Decision.Grant(pod, new BoundIdentity(chosen, state.principalId()));
  }

  /**
   * Why {@code view} may not be acted on at {@code nowMillis} (not replayed, or not confirmed
   * current within the policy's bound), or null when it may.
   */
  public static Decision.Stale staleness(View view, Policy policy, long nowMillis) {
    if (!view.replayed()) {
      return new Decision.Stale("the authorisation view is still being read");
    }
    long age = nowMillis - view.confirmedAtMillis();
    if (age > policy.staleAfterMillis()) {
      return new Decision.Stale(
          "the authorisation view has not been confirmed current for "
              + age
              + " ms (the broker's records, as of the watcher's newest heartbeat)");
    }
    return null;
  }

  /** An exception in the pod's namespace with any label the pod carries (same key and value). */
  public static String matchingException(View view, PodRecord pod) {
    for (ExceptionRecord e :
        view.exceptionsByNamespace().getOrDefault(pod.namespace(), List.of())) {
      for (Map.Entry<String, String> label : e.podLabels().entrySet()) {
        if (label.getValue().equals(pod.labels().get(label.getKey()))) {
          return e.name();
        }
      }
    }
    return null;
  }

  /**
   * The valid identities the pod is bound to (the contract's {@link Bindings} rule, shared with the
   * assigner's planner), each once, ordered by namespace/name (the order that makes the default
   * identity deterministic).
   */
  public static List<IdentityRecord> boundIdentities(View view, PodRecord pod, Policy policy) {
    String selector = pod.bindingSelector();
    if (selector == null) {
      return List.of();
    }
    List<IdentityRecord> result = new ArrayList<>();
    for (Bindings.Bound b :
        Bindings.of(
            pod,
            view.bindingsBySelector().get(selector),
            (ns, name) -> view.identities().get(ns + "/" + name),
            policy.namespaced())) {
      IdentityRecord id = b.identity();
      if (id != null && id.valid() && !result.contains(id)) {
        result.add(id);
      }
    }
    result.sort(
        java.util.Comparator.comparing(IdentityRecord::namespace)
            .thenComparing(IdentityRecord::name));
    return result;
  }

  /**
   * The identity the request names, or the first bound one when it names none. Null when it names
   * one the pod is not bound to.
   */
  static IdentityRecord choose(
      View view, List<IdentityRecord> bound, TokenRequest request, AssignmentRecord assignment) {
    if (!request.selectsIdentity()) {
      return bound.get(0);
    }
    for (IdentityRecord id : bound) {
      if (matches(view, id, request, assignment)) {
        return id;
      }
    }
    return null;
  }

  private static boolean matches(
      View view, IdentityRecord id, TokenRequest r, AssignmentRecord assignment) {
    if (r.clientId() != null && !r.clientId().equalsIgnoreCase(id.clientId())) {
      return false;
    }
    if (r.resourceId() != null && !r.resourceId().equalsIgnoreCase(id.resourceId())) {
      return false;
    }
    if (r.objectId() != null) {
      AssignedIdentity state = stateOf(view, id, assignment);
      return state != null && r.objectId().equalsIgnoreCase(state.principalId());
    }
    return true;
  }

  private static boolean allAssigned(
      View view, List<IdentityRecord> bound, AssignmentRecord assignment) {
    for (IdentityRecord id : bound) {
      AssignedIdentity state = stateOf(view, id, assignment);
      if (grantedWithoutAssignment(id)) {
        continue; // it is never assigned, so no principal id is learnt for it
      }
      if (state == null || state.state() == AssignmentState.CREATED) {
        return false;
      }
    }
    return true;
  }

  /**
   * A federated identity is never put on a target: the assigner's record for it says ASSIGNED at
   * once, or FAILED only for what the bindings above already refuse (missing, invalid). Waiting for
   * that record added nothing but the assigner's hop to the first token, and made federated tokens
   * depend on the assigner running. (Service principals still wait, as aad-pod-identity's NMI
   * waited for their AzureAssignedIdentity.)
   */
  static boolean grantedWithoutAssignment(IdentityRecord id) {
    return id.federated() && id.type() == IdentityType.USER_ASSIGNED_MSI;
  }

  /**
   * The assignment's entry for {@code id}, if the assigner planned it from the same AzureIdentity
   * (type and resource id) as this view holds; else null, and the request waits for the assigner's
   * next plan. The config topic reaches the assigner and each NMI at their own pace: with the
   * AzureIdentity, its binding and a pod applied at once, the assigner planned the pod before the
   * identity reached it ("does not exist", FAILED), and the NMI, which had the identity by then,
   * refused the pod's first request with that reason instead of waiting the moment it took. The
   * resource ids compare as assignments carry them, lowercased, the identity's taken from the view
   * where it was lowercased once.
   */
  private static AssignedIdentity stateOf(
      View view, IdentityRecord id, AssignmentRecord assignment) {
    if (assignment == null) {
      return null;
    }
    for (AssignedIdentity a : assignment.identities()) {
      if (a.identityNamespace().equals(id.namespace()) && a.identityName().equals(id.name())) {
        return a.type() == id.type() && Objects.equals(a.resourceId(), view.resourceIdKey(id))
            ? a
            : null;
      }
    }
    return null;
  }
}
