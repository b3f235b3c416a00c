package dev.podidentity.watcher.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.Eager;
import dev.podidentity.events.Event;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityIds;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.SecretRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slim projections of cluster objects onto the contract's records, with the watcher's
 * validation. Pure functions: the same input always gives an equal record.
 */
public final class Projections {
  /** aad-pod-identity's annotation that confines an identity to its own namespace. */
  public static final String BEHAVIOR_ANNOTATION = "aadpodidentity.k8s.io/Behavior";

  public static final String NAMESPACED = "namespaced";

  private static final int V = Event.CURRENT_SCHEMA_VERSION;

  private Projections() {}

  public static NodeRecord node(NodeInput node) {
    return NodeRecord.of(node.name(), node.providerId(), node.pool(), node.resourceVersion());
  }

  /**
   * The pod's record, or null while it is not scheduled (nothing to assign before it has a node).
   * {@code node} is the projection of the pod's node, or null when the node is not known (yet).
   */
  public static PodRecord pod(PodInput pod, NodeRecord node) {
    if (!pod.scheduled()) {
      return null;
    }
    return new PodRecord(
        V,
        pod.uid(),
        pod.namespace(),
        pod.name(),
        pod.nodeName(),
        node == null ? null : node.target(),
        pod.podIps() == null ? List.of() : pod.podIps(),
        PodPhase.ofApi(pod.phase()),
        pod.deleting(),
        pod.hostNetwork(),
        withoutNullValues(pod.labels()),
        blankToNull(pod.serviceAccount()),
        pod.resourceVersion());
  }

  public static IdentityRecord identity(IdentityInput in) {
    ObjectRef ref = in.ref();
    Integer code = typeCode(in.type());
    IdentityType type = code == null ? IdentityType.UNKNOWN : IdentityType.of(code);
    SecretRef password = secret(in);
    boolean federated = FederatedMarking.federated(in);
    String invalid =
        in.readError() != null ? in.readError() : identityProblem(in, type, password, federated);
    return new IdentityRecord(
        V,
        ref.namespace(),
        ref.name(),
        type,
        blankToNull(in.resourceId()),
        blankToNull(in.clientId()),
        blankToNull(in.tenantId()),
        password,
        in.auxiliaryTenantIds() == null ? List.of() : withoutBlanks(in.auxiliaryTenantIds()),
        blankToNull(in.adResourceId()),
        blankToNull(in.adEndpoint()),
        in.annotations() != null
            && NAMESPACED.equalsIgnoreCase(in.annotations().get(BEHAVIOR_ANNOTATION)),
        federated,
        invalid == null,
        invalid,
        in.resourceVersion());
  }

  private static String identityProblem(
      IdentityInput in, IdentityType type, SecretRef password, boolean federated) {
    String marking = FederatedMarking.problem(in, type);
    if (marking != null) {
      return marking;
    }
    switch (type) {
      case USER_ASSIGNED_MSI:
        if (in.resourceId() == null || in.resourceId().isBlank()) {
          return "type 0 (user-assigned identity) needs spec.resourceID";
        }
        if (!IdentityIds.isUserAssigned(in.resourceId())) {
          return "spec.resourceID '"
              + in.resourceId()
              + "' is not a user-assigned identity id (/subscriptions/<subscription>/resourcegroups"
              + "/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>)";
        }
        return null;
      case SERVICE_PRINCIPAL:
      case SERVICE_PRINCIPAL_CERTIFICATE:
        if (blankToNull(in.clientId()) == null || blankToNull(in.tenantId()) == null) {
          return "a service principal identity needs spec.clientID and spec.tenantID";
        }
        if (password == null) {
          return "a service principal identity needs spec.clientPassword (a secret reference)";
        }
        return null;
      default:
        return "spec.type '"
            + in.type()
            + "' is not 0 (user-assigned identity), 1 (service principal)"
            + " or 2 (service principal certificate)";
    }
  }

  /** Missing means 0, as in aad-pod-identity; text that is not an integer gives null. */
  static Integer typeCode(String raw) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      return Integer.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A secret reference without a namespace means the identity's own namespace. */
  private static SecretRef secret(IdentityInput in) {
    String name = blankToNull(in.passwordSecretName());
    if (name == null) {
      return null;
    }
    String ns = blankToNull(in.passwordSecretNamespace());
    return new SecretRef(ns == null ? in.ref().namespace() : ns, name);
  }

  public static BindingRecord binding(BindingInput in) {
    String invalid = in.readError();
    if (invalid == null && blankToNull(in.selector()) == null) {
      invalid = "the binding has no spec.selector, so no pod can match it";
    } else if (invalid == null && blankToNull(in.azureIdentity()) == null) {
      invalid = "the binding has no spec.azureIdentity";
    }
    return new BindingRecord(
        V,
        in.ref().namespace(),
        in.ref().name(),
        blankToNull(in.azureIdentity()),
        blankToNull(in.selector()),
        invalid == null,
        invalid,
        eagerProblem(in.eager()) == null ? in.eager() : null,
        in.resourceVersion());
  }

  /** What is wrong with an eager annotation's value, or null (absent or well-formed). */
  private static String eagerProblem(String eager) {
    try {
      Eager.normalise(eager);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The binding's Warning: the record's, or one for an eager annotation that could not be read.
   * Such a binding still works, only not eagerly: a typo in an opt-in must not take its pods'
   * identity away.
   */
  public static Warning warningFor(BindingInput in, BindingRecord r) {
    Warning invalid = warningFor(r, in.ref(), null);
    String eager = r.valid() ? eagerProblem(in.eager()) : null;
    return eager == null
        ? invalid
        : new Warning(in.ref(), Warning.INVALID_EAGER, eager + "; the binding is not eager");
  }

  /** The exception's record, or null when it could not be read (it then exempts no pod). */
  public static ExceptionRecord exception(ExceptionInput in) {
    if (in.readError() != null) {
      return null;
    }
    return new ExceptionRecord(
        V,
        in.ref().namespace(),
        in.ref().name(),
        withoutNullValues(in.podLabels()),
        in.resourceVersion());
  }

  /** The Warning Event that goes with an invalid config projection, or null. */
  /**
   * The config topic's content for a listed cluster, by key, in the listing's order; the warning
   * for each identity and binding goes to {@code warnings} (null where there is none).
   */
  public static Map<String, Event> config(ClusterSnapshot cluster, Map<String, Warning> warnings) {
    Map<String, Event> desired = new LinkedHashMap<>();
    for (IdentityInput in : cluster.identities()) {
      IdentityRecord r = identity(in);
      desired.put(r.key(), r);
      warnings.put(r.key(), warningFor(r, in.ref(), null));
    }
    for (BindingInput in : cluster.bindings()) {
      BindingRecord r = binding(in);
      desired.put(r.key(), r);
      warnings.put(r.key(), warningFor(in, r));
    }
    for (ExceptionInput in : cluster.exceptions()) {
      ExceptionRecord r = exception(in);
      if (r != null) {
        desired.put(r.key(), r);
      }
    }
    return desired;
  }

  public static Warning warningFor(Event record, ObjectRef ref, String readError) {
    if (record instanceof IdentityRecord i && !i.valid()) {
      return new Warning(ref, Warning.INVALID_IDENTITY, i.invalidReason());
    }
    if (record instanceof BindingRecord b && !b.valid()) {
      return new Warning(ref, Warning.INVALID_BINDING, b.invalidReason());
    }
    if (record == null && readError != null) {
      return new Warning(ref, Warning.INVALID_EXCEPTION, readError);
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static List<String> withoutBlanks(List<String> values) {
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        out.add(v.trim());
      }
    }
    return out;
  }

  private static Map<String, String> withoutNullValues(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>(map.size());
    map.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            out.put(k, v);
          }
        });
    return out;
  }
}
