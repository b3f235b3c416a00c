package dev.podidentity.watcher.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;

/**
 * Decides what counts as a change. Every status update of a pod bumps its {@code resourceVersion},
 * so comparing whole records would publish on each of them; the watcher compares projections with
 * {@code resourceVersion} cleared instead, which leaves exactly the fields that matter.
 */
public final class ChangeFilter {
  private ChangeFilter() {}

  /** Whether {@code a} and {@code b} carry the same content apart from resourceVersion. */
  public static boolean same(Event a, Event b) {
    if (a == null || b == null) {
      return a == b;
    }
    return comparable(a).equals(comparable(b));
  }

  /** The record with its resourceVersion cleared: the form the watcher remembers and compares. */
  public static Event comparable(Event e) {
    if (e instanceof PodRecord p) {
      return p.resourceVersion() == null
          ? p
          : new PodRecord(
              p.schemaVersion(),
              p.uid(),
              p.namespace(),
              p.name(),
              p.nodeName(),
              p.target(),
              p.podIps(),
              p.phase(),
              p.deleting(),
              p.hostNetwork(),
              p.labels(),
              p.serviceAccount(),
              null);
    }
    if (e instanceof NodeRecord n) {
      return n.resourceVersion() == null
          ? n
          : new NodeRecord(
              n.schemaVersion(),
              n.name(),
              n.providerId(),
              n.target(),
              n.unmanagedReason(),
              n.pool(),
              null);
    }
    if (e instanceof IdentityRecord i) {
      return i.resourceVersion() == null
          ? i
          : new IdentityRecord(
              i.schemaVersion(),
              i.namespace(),
              i.name(),
              i.type(),
              i.resourceId(),
              i.clientId(),
              i.tenantId(),
              i.clientPassword(),
              i.auxiliaryTenantIds(),
              i.adResourceId(),
              i.adEndpoint(),
              i.namespaced(),
              i.federated(),
              i.valid(),
              i.invalidReason(),
              null);
    }
    if (e instanceof BindingRecord b) {
      return b.resourceVersion() == null
          ? b
          : new BindingRecord(
              b.schemaVersion(),
              b.namespace(),
              b.name(),
              b.azureIdentity(),
              b.selector(),
              b.valid(),
              b.invalidReason(),
              b.eager(),
              null);
    }
    if (e instanceof ExceptionRecord x) {
      return x.resourceVersion() == null
          ? x
          : new ExceptionRecord(x.schemaVersion(), x.namespace(), x.name(), x.podLabels(), null);
    }
    return e;
  }
}
