package dev.podidentity.assigner.core;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's assignment record from its plan and what the target carries: ASSIGNED once the identity
 * is on the target (or needs no cloud call), CREATED while it is not yet, FAILED with the reason
 * when it cannot be (invalid, missing, or quarantined after the cloud refused it).
 */
public final class Assignments {
  private Assignments() {}

  /**
   * @param actual identities on the target, or null when not known yet (everything is CREATED)
   * @param quarantine resource id to the reason the cloud gave for refusing it
   */
  public static AssignmentRecord of(
      ComputeTarget target,
      PodPlan plan,
      Map<String, CloudIdentity> actual,
      Map<String, String> quarantine) {
    List<AssignedIdentity> identities = new ArrayList<>(plan.identities().size());
    for (PlannedIdentity p : plan.identities()) {
      identities.add(assigned(p, actual, quarantine));
    }
    var pod = plan.pod();
    return new AssignmentRecord(
        Event.CURRENT_SCHEMA_VERSION,
        pod.uid(),
        pod.namespace(),
        pod.name(),
        pod.nodeName(),
        target,
        identities);
  }

  private static AssignedIdentity assigned(
      PlannedIdentity p, Map<String, CloudIdentity> actual, Map<String, String> quarantine) {
    AssignmentState state;
    String reason = null;
    String principalId = null;
    if (p.failure() != null) {
      state = AssignmentState.FAILED;
      reason = p.failure();
    } else if (!p.needsCloud()) {
      state = AssignmentState.ASSIGNED;
    } else if (quarantine.containsKey(p.resourceId())) {
      state = AssignmentState.FAILED;
      reason = quarantine.get(p.resourceId());
    } else if (actual != null && actual.containsKey(p.resourceId())) {
      state = AssignmentState.ASSIGNED;
      principalId = actual.get(p.resourceId()).principalId();
    } else {
      state = AssignmentState.CREATED;
    }
    return new AssignedIdentity(
        p.identity().namespace(),
        p.identity().name(),
        p.bindingName(),
        p.type(),
        p.resourceId(),
        p.clientId(),
        principalId,
        state,
        reason);
  }
}
